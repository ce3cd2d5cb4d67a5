package io.ferry.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into the jar's manifest. */
public class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = FerryCommand.class.getPackage().getImplementationVersion();
        return new String[] {"ferry " + (version == null ? "(development build)" : version)};
    }
}
