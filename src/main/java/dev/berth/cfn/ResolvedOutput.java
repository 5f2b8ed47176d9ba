package dev.berth.cfn;

import java.util.Optional;

/** A stack output with its value known, as DescribeStacks shows it; the export name if it is exported. */
public record ResolvedOutput(String logicalId, String value, Optional<String> description, Optional<String> exportName) {
}
