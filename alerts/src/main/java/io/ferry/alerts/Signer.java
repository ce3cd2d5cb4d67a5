package io.ferry.alerts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,} and the base64 of the HMAC-SHA256 of {@code id.timestamp.body},
 * keyed with the secret's bytes (the base64 after {@code whsec_}).
 */
final class Signer {

    private static final String PREFIX = "whsec_";

    private Signer() {
    }

    /** The {@code webhook-signature} header's value. */
    static String sign(String secret, String id, long timestampSeconds, String body) {
        byte[] key = key(secret);
        if (key == null) {
            throw new IllegalArgumentException("not a Standard Webhooks secret");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signed = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    /** The secret's key bytes: the base64 after {@code whsec_} (the prefix may be left out); null when it is none. */
    static byte[] key(String secret) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        try {
            byte[] key = Base64.getDecoder().decode(encoded);
            return key.length == 0 ? null : key;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
