package io.ferry.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One attempt takes at most the attempt's time, however slowly the receiver answers. */
class PosterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @RegisterExtension
    static WireMockExtension receiver = Received.receiver();

    /**
     * One attempt. The receiver would answer 200 in the end, so an answer without a status that names the attempt's
     * time shows the attempt was cut off at it rather than waiting for the receiver.
     */
    private Answer attempt() {
        SinkSettings sink = Fixtures.webhook("ops", receiver.baseUrl() + "/hook");
        Poster poster = new Poster(HttpClient.newHttpClient(), Clock.systemUTC(), TIMEOUT);
        return poster.post(sink, Protocol.of(sink.type()), "msg_0", "{}");
    }

    @Test
    void aBodyThatComesSlowlyEndsTheAttemptAtItsTime() {
        // The headers come at once, the body dribbles in over 12 s.
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200)
                .withBody("x".repeat(1200)).withChunkedDribbleDelay(12, 12_000)));
        Answer answer = attempt();

        assertThat(answer.status()).isZero();
        assertThat(answer.error()).isEqualTo("no answer within 2s");
        assertThat(answer.outcome()).isEqualTo(Answer.Outcome.RETRY);
    }

    @Test
    void anAnswerAfterTwelveSecondsEndsTheAttemptAtItsTime() {
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(12_000)));
        Answer answer = attempt();

        assertThat(answer.status()).isZero();
        assertThat(answer.error()).isEqualTo("no answer within 2s");
        assertThat(answer.outcome()).isEqualTo(Answer.Outcome.RETRY);
    }
}
