package dev.berth.sim.cloudformation;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Everything CloudFormation holds in one region: stacks (deleted ones stay by id), exports, change sets. */
final class CfnRegion {
    final String name;
    final String accountId;
    final Map<String, SimStack> stacksById = new LinkedHashMap<>();
    final Map<String, String> liveStackIds = new LinkedHashMap<>();
    final Map<String, Export> exports = new LinkedHashMap<>();
    final Map<String, SimChangeSet> changeSetsById = new LinkedHashMap<>();

    /** An exported output and the stacks that import it. */
    static final class Export {
        final String name;
        String value;
        final String stackId;
        final Set<String> importers = new LinkedHashSet<>();

        Export(String name, String value, String stackId) {
            this.name = name;
            this.value = value;
            this.stackId = stackId;
        }
    }

    CfnRegion(String name, String accountId) {
        this.name = name;
        this.accountId = accountId;
    }

    String stackArn(String stackName, String uuid) {
        return "arn:aws:cloudformation:" + name + ":" + accountId + ":stack/" + stackName + "/" + uuid;
    }

    String changeSetArn(String changeSetName, String uuid) {
        return "arn:aws:cloudformation:" + name + ":" + accountId + ":changeSet/" + changeSetName + "/" + uuid;
    }

    /** A live stack by name, or any stack (deleted too) by its id. */
    SimStack find(String nameOrId) {
        if (nameOrId == null) {
            return null;
        }
        if (nameOrId.startsWith("arn:")) {
            return stacksById.get(nameOrId);
        }
        String id = liveStackIds.get(nameOrId);
        return id == null ? null : stacksById.get(id);
    }
}
