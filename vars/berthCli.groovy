/*
 * What the berth steps share: options checked against each step's defaults, berth found on the
 * agent, every value single-quoted for the shell, the JSON result read back, and berth's exit
 * codes turned into build results. Pipelines call the steps (ecsDeploy, ecrPush, ...), not this.
 *
 * Methods that call steps run as CPS code: their loops count with an index, since an iterator
 * is not serializable and the pipeline may be saved between any two steps.
 */

/** The options every step takes, with what each means. */
Map commonDefaults() {
    return [
        cli        : null,    // the berth executable or berth.jar on the agent; else BERTH_HOME/berth.jar, the tool, PATH
        tool       : 'berth', // the name of a Jenkins tool installation whose home holds berth.jar
        region     : null,    // the AWS region; else what the agent has (AWS_REGION, the profile)
        profile    : null,    // a named AWS profile on the agent
        roleArn    : null,    // an IAM role to assume for every call, e.g. for a deploy into another account
        endpointUrl: null,    // an AWS endpoint override, e.g. http://127.0.0.1:4566 for berth sim
    ]
}

/**
 * The step's options: {@code given} over the common and the step's {@code defaults}. Unknown keys
 * and missing required ones fail the build, naming them and the step.
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
            error("${step}: missing required option '${required[i]}'")
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
            unknown << "'${key}'".toString()
        }
    }
    return unknown
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

@NonCPS
boolean blank(Object value) {
    return value == null || (value instanceof CharSequence && value.toString().trim().isEmpty())
}

/**
 * A text option as berth's argument: strings, numbers and booleans only, and no NUL character
 * (which no shell argument can carry). Everything else a user types arrives as one literal argument.
 */
String text(String step, String option, Object value) {
    if (!(value instanceof CharSequence || value instanceof Number || value instanceof Boolean)) {
        error("${step}: option '${option}' must be a string, got ${value == null ? 'null' : value.getClass().simpleName}")
    }
    String string = value.toString()
    if (string.indexOf('\u0000') >= 0) {
        error("${step}: option '${option}' contains a NUL character")
    }
    return string
}

/** A list option, each element a text: a list, or one string of comma-separated values when {@code commas}. */
List texts(String step, String option, Object value, boolean commas = false) {
    List values = value instanceof Collection ? new ArrayList((Collection) value)
            : (commas && value instanceof CharSequence ? splitCommas(value.toString()) : [value])
    List result = []
    for (int i = 0; i < values.size(); i++) {
        result << text(step, option, values[i])
    }
    return result
}

@NonCPS
List splitCommas(String value) {
    List parts = []
    for (String part : value.split(',')) {
        if (!part.trim().isEmpty()) {
            parts << part.trim()
        }
    }
    return parts
}

/** Appends {@code flag value} when the option is set. */
void optional(String step, List args, String flag, String option, Object value) {
    if (!blank(value)) {
        args << flag
        args << text(step, option, value)
    }
}

/** The AWS options as berth's flags. */
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

/** How to start berth on this agent: the cli option, BERTH_HOME, the tool installation, or PATH. */
String launcher(String step, Map o) {
    if (!blank(o.cli)) {
        return start(text(step, 'cli', o.cli))
    }
    if (!blank(env.BERTH_HOME)) {
        return start("${env.BERTH_HOME}/berth.jar")
    }
    if (!blank(o.tool)) {
        String home = null
        try {
            home = tool(name: text(step, 'tool', o.tool))
        } catch (Exception notConfigured) {
            home = null // no such tool installation: look on PATH
        }
        if (!blank(home)) {
            return start("${home}/berth.jar")
        }
    }
    if (sh(script: 'command -v berth >/dev/null 2>&1', returnStatus: true) == 0) {
        return 'berth'
    }
    error("${step}: berth was not found on this agent: pass cli: '/path/to/berth.jar', set BERTH_HOME to the folder " +
            "holding berth.jar, configure a '${o.tool}' tool installation, or put berth on PATH")
}

@NonCPS
String start(String path) {
    return path.endsWith('.jar') ? 'java -jar ' + quote(path) : quote(path)
}

/** Who runs the step, for berth's history: BERTH_USER, the build-user plugin's id, the user who started the build. */
String who() {
    if (!blank(env.BERTH_USER)) {
        return env.BERTH_USER
    }
    if (!blank(env.BUILD_USER_ID)) {
        return env.BUILD_USER_ID
    }
    try {
        def causes = currentBuild.getBuildCauses('hudson.model.Cause$UserIdCause')
        if (causes && causes[0].userId) {
            return causes[0].userId
        }
    } catch (Exception unavailable) {
        // an older Jenkins, or a build nobody started by hand
    }
    return 'jenkins'
}

/** Where berth's JSON result for {@code command} on {@code subject} goes, inside the workspace. */
@NonCPS
String resultFile(String command, Object subject) {
    String name = subject == null ? command : command + '-' + subject.toString().replaceAll('[^A-Za-z0-9._-]+', '-')
    return ".berth/${name}.json".toString()
}

/** The folder for berth's report (--report) of {@code command} on {@code subject}, inside the workspace. */
@NonCPS
String reportDir(String command, Object subject) {
    return resultFile(command, subject).replaceAll(/\.json$/, '-report')
}

/**
 * Runs berth with {@code args} (raw values, quoted here), its JSON result into the workspace, and
 * returns [exitCode:, result: (the parsed JSON, or null), resultFile:, reportDir: null].
 */
Map run(String step, Map o, List args, String command, Object subject) {
    return execute(step, o, args, command, subject, null)
}

/**
 * As run, with berth's report (--report) in the workspace when the step keeps one (option report):
 * reportDir is its folder. The folder an earlier run left is removed first, so that only this
 * run's report is kept.
 */
Map runReported(String step, Map o, List args, String command, Object subject) {
    String dir = o.report ? reportDir(command, subject) : null
    List all = new ArrayList(args)
    if (dir != null) {
        all << '--report'
        all << dir
    }
    return execute(step, o, all, command, subject, dir)
}

Map execute(String step, Map o, List args, String command, Object subject, String reportDir) {
    List all = new ArrayList(args)
    all.addAll(awsArgs(step, o))
    all << '--output'
    all << 'json'
    String file = resultFile(command, subject)
    String clean = reportDir == null ? '' : "rm -rf ${quote(reportDir)} && "
    String script = "mkdir -p .berth && ${clean}${launcher(step, o)} ${words(all)} > ${quote(file)}"
    int status = 0
    withEnv(["BERTH_USER=${who()}"]) {
        status = sh(script: script, returnStatus: true)
    }
    Map result = fileExists(file) ? parse(readFile(file)) : null
    return [exitCode: status, result: result, resultFile: file, reportDir: reportDir]
}

/** Text for the build description, which Jenkins may render as HTML: the link is the only markup. */
@NonCPS
String html(Object text) {
    return text == null ? '' : text.toString().replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('"', '&quot;')
}

@NonCPS
Map parse(String json) {
    if (json == null || json.trim().isEmpty()) {
        return null
    }
    return (Map) new groovy.json.JsonSlurperClassic().parseText(json)
}

/** What berth's exit code says, for a failure message. */
@NonCPS
String exitMeaning(int code) {
    switch (code) {
        case 1: return 'berth failed unexpectedly (exit 1)'
        case 2: return 'berth rejected the options (exit 2)'
        case 3: return 'refused before changing anything (exit 3)'
        case 4: return 'failed and rolled back (exit 4)'
        case 5: return 'failed and needs attention (exit 5)'
        case 6: return 'timed out (exit 6)'
        default: return "berth ended with exit ${code}"
    }
}

/**
 * The verdict of a deploy or rollback as the step's result map; archives the JSON, sets the build
 * description, and (with failBuild) fails the build unless the outcome is SUCCEEDED or UNCHANGED.
 */
Map verdict(String step, Map o, Map run, Map extra) {
    Map r = run.result ?: [:]
    Map image = r.image instanceof Map ? (Map) r.image : [:]
    Map result = [
        outcome        : r.outcome ?: (run.exitCode == 3 ? 'REFUSED' : 'ERROR'),
        exitCode       : run.exitCode,
        stack          : o.stack,
        version        : r.version,
        previousVersion: r.previousVersion,
        digest         : image.digest,
        image          : image.reference,
        durationSeconds: r.durationSeconds,
        reason         : r.reason,
        who            : r.who,
        why            : r.why,
        resultFile     : run.resultFile,
        reportPath     : null,
    ]
    result.putAll(extra)
    String page = run.reportDir ? "${run.reportDir}/report.html".toString() : null
    if (page != null && fileExists(page)) {
        result.reportPath = page
    }
    if (o.archive && run.result != null) {
        archiveArtifacts(artifacts: run.resultFile, allowEmptyArchive: true)
        if (result.reportPath) {
            archiveArtifacts(artifacts: "${run.reportDir}/**".toString(), allowEmptyArchive: true)
        }
    }
    if (o.description && run.result != null) {
        String text = "${o.stack}: ${result.previousVersion ?: '?'} → ${result.version} ${result.outcome}" +
                (r.approvedBy ? " (approved by ${r.approvedBy})" : '') + (r.why ? ": ${r.why}" : '')
        if (result.reportPath && o.archive) {
            // archived artifacts live under the build's URL; without one, relative to the build page
            String link = "${env.BUILD_URL ?: ''}artifact/${result.reportPath}".toString()
            text = html(text) + " (<a href=\"${html(link)}\">report</a>)"
        }
        currentBuild.description = text
    }
    if (run.exitCode != 0 && o.failBuild) {
        if (run.exitCode == 4) {
            error("${step}: version ${result.version} of ${o.stack} failed and was rolled back; the service is safe on " +
                    "version ${result.previousVersion}. ${result.reason ?: ''}".trim())
        }
        error("${step}: ${o.stack}: ${exitMeaning(run.exitCode)}${result.reason ? ': ' + result.reason : '; see the log above'}")
    }
    return result
}

/** The user's options as a map for {@code call} when berthCli itself is called: it is not a step. */
def call(Map ignored = [:]) {
    error('berthCli: this is the berth steps\' plumbing; call ecsDeploy, ecrPush, ecsRollback, ecsRelease or ecsStatus')
}
