package io.ferry.cli.json;

import java.util.List;

/** {@code history}: the revisions, newest first. */
public record HistoryJson(List<RevisionJson> revisions) {
}
