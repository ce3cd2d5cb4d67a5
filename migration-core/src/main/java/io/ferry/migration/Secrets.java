package io.ferry.migration;

/** Keeps secrets out of what Ferry prints. */
public final class Secrets {

    private Secrets() {
    }

    /**
     * A URL for people to read: the password in its user-info part ({@code scheme://user:PASSWORD@host},
     * everything up to the last {@code @}) and in {@code password=} or {@code sslpassword=} parameters is
     * replaced by {@code ***}.
     */
    public static String maskUrl(String url) {
        String masked = url;
        int scheme = masked.indexOf("://");
        if (scheme >= 0) {
            int query = masked.indexOf('?', scheme);
            int end = query < 0 ? masked.length() : query;
            int at = masked.lastIndexOf('@', end - 1);
            int colon = masked.indexOf(':', scheme + 3);
            if (at > scheme && colon > scheme && colon < at) {
                masked = masked.substring(0, colon + 1) + "***" + masked.substring(at);
            }
        }
        return masked.replaceAll("(?i)([?&](ssl)?password=)[^&]*", "$1***");
    }
}
