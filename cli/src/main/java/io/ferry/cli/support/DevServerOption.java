package io.ferry.cli.support;

import picocli.CommandLine.Option;

/** Where the commands that replay revisions create their scratch databases. */
public class DevServerOption {

    @Option(names = "--dev-url", paramLabel = "URL", defaultValue = "${env:FERRY_DEV_URL}",
            description = "A server where Ferry may create and drop databases called ferry_scratch_*, to replay"
                    + " the revisions on: postgres://USER:PASSWORD@HOST:PORT/DB or jdbc:postgresql://... (its"
                    + " credentials in it). Use one of production's major version. Default: $FERRY_DEV_URL, else"
                    + " the embedded PostgreSQL of .ferry/pg.")
    String devUrl;

    /** The URL given, or null for the embedded server. */
    public String url() {
        return devUrl == null || devUrl.isBlank() ? null : devUrl;
    }
}
