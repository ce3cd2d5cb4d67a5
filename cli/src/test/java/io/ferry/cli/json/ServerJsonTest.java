package io.ferry.cli.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.cli.support.Json;
import org.junit.jupiter.api.Test;

/**
 * The server documents JsonShapesIT cannot reach without a server caught half-way: one starting or
 * stopping, and one whose pid file is stale. Keys that do not apply are left out, not written null.
 */
class ServerJsonTest {

    @Test
    void aServerThatIsNotRunningSaysOnlyWhatApplies() {
        assertThat(Json.write(ServerJson.Down.of(4242L, null, "stopping", "/p/.ferry/pg")))
                .isEqualTo("{\"running\":false,\"pid\":4242,\"state\":\"stopping\",\"dataDir\":\"/p/.ferry/pg\"}");
        assertThat(Json.write(ServerJson.Down.of(null, null, "starting", "/p/.ferry/pg")))
                .isEqualTo("{\"running\":false,\"state\":\"starting\",\"dataDir\":\"/p/.ferry/pg\"}");
        assertThat(Json.write(ServerJson.Down.of(null, "process 7 is gone", "stale", "/p/.ferry/pg")))
                .isEqualTo("{\"running\":false,\"why\":\"process 7 is gone\",\"state\":\"stale\","
                        + "\"dataDir\":\"/p/.ferry/pg\"}");
    }
}
