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

    private Answer postAndTime(Duration[] took) {
        SinkSettings sink = Fixtures.webhook("ops", receiver.baseUrl() + "/hook");
        Poster poster = new Poster(HttpClient.newHttpClient(), Clock.systemUTC(), TIMEOUT);
        long start = System.nanoTime();
        Answer answer = poster.post(sink, Protocol.of(sink.type()), "msg_0", "{}");
        took[0] = Duration.ofNanos(System.nanoTime() - start);
        return answer;
    }

    @Test
    void aBodyThatComesSlowlyEndsTheAttemptAtItsTime() {
        // The headers come at once, the body dribbles in over 12 s.
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200)
                .withBody("x".repeat(1200)).withChunkedDribbleDelay(12, 12_000)));
        Duration[] took = new Duration[1];
        Answer answer = postAndTime(took);

        assertThat(answer.status()).isZero();
        assertThat(answer.error()).isEqualTo("no answer within 2s");
        assertThat(answer.outcome()).isEqualTo(Answer.Outcome.RETRY);
        assertThat(took[0]).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(100)).isLessThan(TIMEOUT.plusMillis(1500));
    }

    @Test
    void anAnswerAfterTwelveSecondsEndsTheAttemptAtItsTime() {
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(12_000)));
        Duration[] took = new Duration[1];
        Answer answer = postAndTime(took);

        assertThat(answer.error()).isEqualTo("no answer within 2s");
        assertThat(took[0]).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(100)).isLessThan(TIMEOUT.plusMillis(1500));
    }
}
