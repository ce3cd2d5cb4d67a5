package io.ferry.cli.json;

import java.util.List;

/** {@code current} and {@code heads}: revision ids, empty at base. */
public record HeadsJson(List<String> heads) {
}
