package io.ferry.alerts;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One request a WireMock receiver got, with the status it answered. */
record Received(String path, String body, Map<String, List<String>> headers, int status, long loggedAtMillis) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A WireMock receiver on 127.0.0.1, for {@code @RegisterExtension}. */
    static WireMockExtension receiver() {
        return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    }

    /** What the receiver got, oldest first. */
    static List<Received> all(WireMockExtension receiver) {
        List<Received> all = new ArrayList<>();
        for (ServeEvent event : receiver.getAllServeEvents()) {
            Map<String, List<String>> headers = new HashMap<>();
            event.getRequest().getHeaders().all().forEach(h -> headers.put(h.key().toLowerCase(Locale.ROOT),
                    h.values()));
            all.add(new Received(event.getRequest().getUrl(), event.getRequest().getBodyAsString(), headers,
                    event.getResponse().getStatus(), event.getRequest().getLoggedDate().getTime()));
        }
        Collections.reverse(all);
        return all;
    }

    JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The alert key of a Standard Webhooks body. */
    String key() {
        return json().path("data").path("key").asText();
    }

    String type() {
        return json().path("type").asText();
    }

    /** Checks the signature with the reference library; throws when it does not verify. */
    void verify(String secret) throws WebhookVerificationException {
        new Webhook(secret).verify(body, headers);
    }
}
