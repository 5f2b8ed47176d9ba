/*
 * What the berth steps share about options: each step's options checked against its defaults (the
 * values' types are berthValues'), and the values turned into berth's arguments, each one
 * `--name=value` word, single-quoted for the shell, so that no value can ever be read as an option
 * or an @file. Running berth and reading its result is berthRun's. Pipelines call the steps
 * (ecsDeploy, ecrPush, ...), not this.
 *
 * Methods that call steps run as CPS code: their loops count with an index, since an iterator
 * is not serializable and the pipeline may be saved between any two steps.
 */

/** The options every step takes, with what each means. */
Map commonDefaults() {
    return [
        cli        : null,    // the berth launcher or berth.jar on the agent; else BERTH_HOME, the tool, PATH
        tool       : 'berth', // the name of a Jenkins tool installation holding berth (bin/berth or berth.jar)
        region     : null,    // the AWS region; else what the agent has (AWS_REGION, the profile)
        profile    : null,    // a named AWS profile on the agent
        roleArn    : null,    // an IAM role to assume for every call, e.g. for a deploy into another account
        endpointUrl: null,    // an AWS endpoint override, e.g. http://127.0.0.1:4566 for berth sim
    ]
}

/**
 * The step's options: {@code given} over the common and the step's {@code defaults}. Unknown keys,
 * missing required ones, a boolean option that is not true or false and a cli or tool that is not
 * a string fail the build, naming them and the step.
 */
Map options(String step, Map given, Map defaults, List required) {
    Map known = commonDefaults()
    known.putAll(defaults)
    List unknown = unknownKeys(given, known)
    if (!unknown.isEmpty()) {
        error("${step}: unknown option${unknown.size() == 1 ? '' : 's'} ${unknown.join(', ')} (known: ${sortedKeys(known).join(', ')})")
    }
    Map result = merged(known, given)
    for (int i = 0; i < required.size(); i++) {
        if (blank(result[required[i]])) {
            error("${step}: missing required option '${required[i]}'${result[required[i]] == null ? '' : ', got ' + berthValues.show(result[required[i]])}")
        }
    }
    List flags = booleanKeys(known)
    for (int i = 0; i < flags.size(); i++) {
        result[flags[i]] = berthValues.flag(step, flags[i], result[flags[i]])
    }
    List words = ['cli', 'tool']
    for (int i = 0; i < words.size(); i++) {
        if (result[words[i]] != null) {
            result[words[i]] = berthValues.word(step, words[i], result[words[i]])
        }
    }
    return result
}

/** The options {@code keys} of {@code all}, to hand on to another step. */
@NonCPS
Map pick(Map all, Collection keys) {
    Map picked = [:]
    for (Object key : keys) {
        if (all[key] != null) {
            picked[key] = all[key]
        }
    }
    return picked
}

/** Which of the {@code names} options are set. */
@NonCPS
List setOptions(Map o, List names) {
    List set = []
    for (Object name : names) {
        if (!blank(o[name])) {
            set << name
        }
    }
    return set
}

@NonCPS
List unknownKeys(Map given, Map known) {
    List unknown = []
    for (Object key : given.keySet()) {
        if (!known.containsKey(key.toString())) {
            unknown << berthValues.show(key)
        }
    }
    return unknown
}

@NonCPS
List booleanKeys(Map known) {
    List keys = []
    for (Map.Entry entry : known.entrySet()) {
        if (entry.value instanceof Boolean) {
            keys << entry.key
        }
    }
    return keys
}

@NonCPS
List sortedKeys(Map map) {
    return new ArrayList(map.keySet()).sort()
}

@NonCPS
Map merged(Map known, Map given) {
    Map result = new LinkedHashMap(known)
    for (Map.Entry entry : given.entrySet()) {
        result[entry.key.toString()] = entry.value
    }
    return result
}

/** Unset: null, or a text of blanks only (an empty build parameter). */
@NonCPS
boolean blank(Object value) {
    return value == null || (value instanceof CharSequence && value.toString().trim().isEmpty())
}

/** berth's argument {@code --name=value}: one word, so a value starting with - or @ stays a value. */
@NonCPS
String arg(String flag, String value) {
    return flag + '=' + value
}

/** Appends {@code --name=value} when the option is set (an empty or blank value is not set). */
void optional(String step, List args, String flag, String option, Object value) {
    if (!blank(value)) {
        args << arg(flag, berthValues.text(step, option, value))
    }
}

/** The AWS options as berth's arguments. */
List awsArgs(String step, Map o) {
    List args = []
    optional(step, args, '--region', 'region', o.region)
    optional(step, args, '--profile', 'profile', o.profile)
    optional(step, args, '--role-arn', 'roleArn', o.roleArn)
    optional(step, args, '--endpoint-url', 'endpointUrl', o.endpointUrl)
    return args
}

/** One shell word: single quotes keep everything literal; a quote inside is closed, escaped and reopened. */
@NonCPS
String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'"
}

@NonCPS
String words(List values) {
    List quoted = []
    for (Object value : values) {
        quoted << quote(value.toString())
    }
    return quoted.join(' ')
}

/** berthCli itself is not a step. */
def call(Map ignored = [:]) {
    error('berthCli: this is the berth steps\' plumbing; call ecsDeploy, ecrPush, ecsRollback, ecsRelease or ecsStatus')
}
