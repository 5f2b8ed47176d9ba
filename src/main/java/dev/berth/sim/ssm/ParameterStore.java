package dev.berth.sim.ssm;

import dev.berth.sim.http.AwsException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** SSM Parameter Store: each region's parameters with their versions, and AWS's public parameters. */
public final class ParameterStore {
    static final int MAX_VALUE = 4096;
    private static final Pattern NAME = Pattern.compile("/?[a-zA-Z0-9_.\\-]+(/[a-zA-Z0-9_.\\-]+)*");
    private static final int MAX_DEPTH = 15;

    private final Supplier<Instant> clock;
    private final Map<String, Map<String, List<SsmParameter>>> regions = new ConcurrentHashMap<>();

    public ParameterStore(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** The current value of a parameter, or of one version ({@code name:3}); empty when there is none. */
    public synchronized Optional<SsmParameter> get(String region, String nameWithSelector) {
        int colon = nameWithSelector.lastIndexOf(':');
        String name = colon > 0 ? nameWithSelector.substring(0, colon) : nameWithSelector;
        List<SsmParameter> versions = parameters(region).get(name);
        if (versions == null) {
            return Optional.empty();
        }
        if (colon <= 0) {
            return Optional.of(versions.get(versions.size() - 1));
        }
        String selector = nameWithSelector.substring(colon + 1);
        if (!selector.matches("\\d{1,9}")) {
            throw AwsException.client("ValidationException", "Invalid parameter version selector " + selector
                    + ": give a version number, as in " + name + ":1");
        }
        long version = Long.parseLong(selector);
        return versions.stream().filter(v -> v.version() == version).findFirst().or(() -> {
            throw AwsException.client("ParameterVersionNotFound", "Systems Manager could not find version " + version
                    + " of " + name + ". Verify the version and try again.");
        });
    }

    /** A parameter's value (current, or {@code name:version}) as CloudFormation reads it; empty when there is none. */
    public synchronized Optional<String> lookup(String region, String nameWithSelector) {
        try {
            return get(region, nameWithSelector).map(SsmParameter::value);
        } catch (AwsException e) {
            return Optional.empty(); // a version that does not exist
        }
    }

    /** Creates a parameter or, with {@code overwrite}, adds a version; returns the new version. */
    public synchronized long put(String region, String name, String type, String value, boolean overwrite, String dataType,
                                 String description) {
        checkName(name);
        Map<String, List<SsmParameter>> parameters = parameters(region);
        List<SsmParameter> versions = parameters.get(name);
        if (versions != null && !overwrite) {
            throw AwsException.client("ParameterAlreadyExists",
                    "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
        }
        String resolvedType = type != null ? type : versions != null ? versions.get(versions.size() - 1).type() : null;
        if (resolvedType == null) {
            throw AwsException.client("ValidationException", "A parameter type is required when you create a parameter.");
        }
        long version = versions == null ? 1 : versions.get(versions.size() - 1).version() + 1;
        SsmParameter parameter = new SsmParameter(name, resolvedType, value, version, clock.get(), dataType, description);
        parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(parameter);
        return version;
    }

    public synchronized boolean delete(String region, String name) {
        if (reserved(name)) {
            throw AwsException.client("AccessDeniedException", "No access to reserved parameter name: " + name + ".");
        }
        return parameters(region).remove(name) != null;
    }

    /** The current versions of the parameters under {@code path}, in name order. */
    public synchronized List<SsmParameter> byPath(String region, String path, boolean recursive) {
        String prefix = path.endsWith("/") ? path : path + "/";
        List<SsmParameter> found = new ArrayList<>();
        for (Map.Entry<String, List<SsmParameter>> entry : parameters(region).entrySet()) {
            String name = entry.getKey();
            if (name.startsWith(prefix) && (recursive || name.indexOf('/', prefix.length()) < 0)) {
                found.add(entry.getValue().get(entry.getValue().size() - 1));
            }
        }
        return found;
    }

    private Map<String, List<SsmParameter>> parameters(String region) {
        return regions.computeIfAbsent(region, r -> {
            Map<String, List<SsmParameter>> seeded = new TreeMap<>();
            PublicParameters.of(r).forEach((name, parameter) -> seeded.put(name, new ArrayList<>(List.of(parameter))));
            return seeded;
        });
    }

    private static boolean reserved(String name) {
        String bare = name.startsWith("/") ? name.substring(1) : name;
        String lower = bare.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("aws") || lower.startsWith("ssm");
    }

    static void checkName(String name) {
        if (name.length() > 2048 || !NAME.matcher(name).matches()) {
            throw AwsException.client("ValidationException", "Parameter name: can't be prefixed with \"aws\" or \"ssm\" "
                    + "(case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path "
                    + "can be formed as a mix of letters, numbers and the following 3 symbols .-_");
        }
        if (name.contains("/") && !name.startsWith("/")) {
            throw AwsException.client("ValidationException", "Parameter name must be a fully qualified name.");
        }
        if (name.chars().filter(c -> c == '/').count() > MAX_DEPTH) {
            throw AwsException.client("HierarchyLevelLimitExceededException", "A hierarchy can have a maximum of 15 levels.");
        }
        if (reserved(name)) {
            if (name.toLowerCase(java.util.Locale.ROOT).startsWith("/aws/")) {
                throw AwsException.client("AccessDeniedException", "No access to reserved parameter name: " + name + ".");
            }
            throw AwsException.client("ValidationException", "Parameter name: can't be prefixed with \"aws\" or \"ssm\" "
                    + "(case-insensitive).");
        }
    }
}
