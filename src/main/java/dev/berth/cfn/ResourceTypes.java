package dev.berth.cfn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The resource types CloudFormation knows and the attribute names Fn::GetAtt accepts for each, as
 * tools/cfn_resource_types.py wrote them from the published resource provider schemas. Read once, on first use.
 */
public final class ResourceTypes {
    static final String RESOURCE = "/dev/berth/cfn/resource-types.tsv";
    private static final String CUSTOM_PREFIX = "Custom::";
    private static final String CUSTOM_RESOURCE = "AWS::CloudFormation::CustomResource";

    /** The attributes of one type: names, and patterns where '*' matches any text. */
    private record Attributes(Set<String> names, List<Pattern> patterns) {
        boolean accepts(String attribute) {
            return names.contains(attribute) || patterns.stream().anyMatch(p -> p.matcher(attribute).matches());
        }
    }

    private final Map<String, Attributes> types;
    private final String source;

    private ResourceTypes(Map<String, Attributes> types, String source) {
        this.types = types;
        this.source = source;
    }

    /** The facts bundled with berth. */
    public static ResourceTypes bundled() {
        return Bundled.INSTANCE;
    }

    private static final class Bundled {
        static final ResourceTypes INSTANCE = load();

        private static ResourceTypes load() {
            try (InputStream in = ResourceTypes.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from berth's classpath");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }

    /** Reads the file's text: '#' lines are comments ("# source: ..." names where the facts came from). */
    static ResourceTypes parse(String text) {
        Map<String, Attributes> types = new HashMap<>();
        String source = "unknown";
        try (BufferedReader reader = new BufferedReader(new java.io.StringReader(text))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("# source: ")) {
                    source = line.substring("# source: ".length());
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    String[] fields = line.split("\t");
                    types.put(fields[0], attributes(fields));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ResourceTypes(Map.copyOf(types), source);
    }

    private static Attributes attributes(String[] fields) {
        Set<String> names = new java.util.HashSet<>();
        List<Pattern> patterns = new ArrayList<>();
        for (int i = 1; i < fields.length; i++) {
            if (fields[i].contains("*")) {
                patterns.add(glob(fields[i]));
            } else {
                names.add(fields[i]);
            }
        }
        return new Attributes(Set.copyOf(names), List.copyOf(patterns));
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".+");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    /** Where the facts came from, e.g. "cfn-lint 1.51.0 (resource provider schemas)". */
    public String source() {
        return source;
    }

    /** Whether CloudFormation knows the type; every Custom:: type is a custom resource. */
    public boolean isKnown(String type) {
        return type.startsWith(CUSTOM_PREFIX) || types.containsKey(type);
    }

    /** Whether Fn::GetAtt accepts the attribute on a resource of a known type. A custom resource accepts any. */
    public boolean supportsAttribute(String type, String attribute) {
        if (type.startsWith(CUSTOM_PREFIX) || type.equals(CUSTOM_RESOURCE)) {
            return !attribute.isEmpty();
        }
        return Optional.ofNullable(types.get(type)).map(a -> a.accepts(attribute)).orElse(false);
    }

    /** How many types the facts hold. */
    public int size() {
        return types.size();
    }
}
