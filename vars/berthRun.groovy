/*
 * How the berth steps run berth: found on the agent, started with its arguments quoted for the
 * shell, its JSON result (stdout) and its messages (stderr, also shown live in the log) kept in
 * the workspace, and read back without ever throwing: an exit code, a result that fits the
 * command or why it does not, and berth's last words for the build's message.
 *
 * Methods that call steps run as CPS code (see berthCli).
 */

/**
 * How to start berth on this agent: the cli option (a launcher, or a jar: bin/berth beside it,
 * else java -jar), BERTH_HOME, the tool installation's home (or the one berth-* folder inside
 * it), then berth on PATH.
 */
String launcher(String step, Map o) {
    if (!berthCli.blank(o.cli)) {
        String cli = o.cli
        return cli.endsWith('.jar') ? fromHome(parentOf(cli), cli) : berthCli.quote(cli)
    }
    if (!berthCli.blank(env.BERTH_HOME)) {
        String home = env.BERTH_HOME
        return fromHome(home, "${home}/berth.jar")
    }
    if (!berthCli.blank(o.tool)) {
        String home = null
        try {
            home = tool(name: o.tool)
        } catch (Exception notConfigured) {
            home = null // no such tool installation: look on PATH
        }
        if (!berthCli.blank(home)) {
            home = unpacked(home)
            return fromHome(home, "${home}/berth.jar")
        }
    }
    if (sh(script: 'command -v berth >/dev/null 2>&1', returnStatus: true) == 0) {
        return 'berth'
    }
    error("${step}: berth was not found on this agent: pass cli: '/path/to/berth' (or berth.jar), set BERTH_HOME to " +
            "berth's folder (bin/berth, berth.jar), configure a '${o.tool}' tool installation, or put berth on PATH")
}

/** berth's launcher in {@code home}/bin/berth when there is one, else java -jar {@code jar}. */
String fromHome(String home, String jar) {
    String script = "${home}/bin/berth".toString()
    return fileExists(script) ? berthCli.quote(script) : 'java -jar ' + berthCli.quote(jar)
}

/** A tool home, or the single berth-* folder an "extract *.zip / *.tar.gz" installer left in it. */
String unpacked(String home) {
    if (fileExists("${home}/bin/berth".toString()) || fileExists("${home}/berth.jar".toString())) {
        return home
    }
    String listed = sh(script: "for d in ${berthCli.quote(home)}/berth-*/; do [ -d \"\$d\" ] && printf '%s\\n' \"\$d\"; done; true",
            returnStdout: true)
    List folders = nonBlankLines(listed)
    return folders.size() == 1 ? folders[0].replaceAll('/+$', '') : home
}

@NonCPS
String parentOf(String path) {
    int slash = path.lastIndexOf('/')
    return slash < 0 ? '.' : (slash == 0 ? '' : path.substring(0, slash))
}

@NonCPS
List nonBlankLines(String text) {
    List lines = []
    for (String line : (text ?: '').split('\n')) {
        if (!line.trim().isEmpty()) {
            lines << line.trim()
        }
    }
    return lines
}

/** Who runs the step, for berth's history: BERTH_USER, the build-user plugin's id, the user who started the build. */
String who() {
    if (!berthCli.blank(env.BERTH_USER)) {
        return env.BERTH_USER
    }
    if (!berthCli.blank(env.BUILD_USER_ID)) {
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

/**
 * The name of berth's files for {@code command} on {@code subject} inside .berth/: the subject with
 * anything but letters, digits, '.', '_' and '-' replaced; a long one shortened and made unique by a
 * hash, since a file name holds at most 255 bytes and an ECR repository name may have 256 characters.
 */
@NonCPS
String baseName(String command, Object subject) {
    if (subject == null) {
        return command
    }
    String safe = subject.toString().replaceAll('[^A-Za-z0-9._-]+', '-')
    if (safe.length() > 80) {
        byte[] hash = java.security.MessageDigest.getInstance('SHA-256').digest(subject.toString().getBytes('UTF-8'))
        safe = safe.substring(0, 60) + '-' + hash.encodeHex().toString().substring(0, 16)
    }
    return "${command}-${safe}".toString()
}

@NonCPS
String resultFile(String command, Object subject) {
    return ".berth/${baseName(command, subject)}.json".toString()
}

/** The folder for berth's report (--report) of {@code command} on {@code subject}, inside the workspace. */
@NonCPS
String reportDir(String command, Object subject) {
    return ".berth/${baseName(command, subject)}-report".toString()
}

/** Runs berth with {@code args} (raw values, quoted here); returns what read() returns. */
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
        all << berthCli.arg('--report', dir)
    }
    return execute(step, o, all, command, subject, dir)
}

Map execute(String step, Map o, List args, String command, Object subject, String reportDir) {
    List all = new ArrayList(args)
    all.addAll(berthCli.awsArgs(step, o))
    all << '--output=json'
    String base = ".berth/${baseName(command, subject)}".toString()
    String script = script(launcher(step, o), all, base, reportDir)
    int status = 0
    withEnv(["BERTH_USER=${who()}"]) {
        status = sh(script: script, returnStatus: true)
    }
    String out = fileExists("${base}.json".toString()) ? readFile("${base}.json".toString()) : null
    String err = fileExists("${base}.err".toString()) ? readFile("${base}.err".toString()) : null
    return read(status, out, err, "${base}.json".toString(), reportDir)
}

/**
 * The shell command: berth's stdout into base.json, its stderr both into the log (live, through
 * tee) and into base.err; the exit code kept in base.exit across the pipe (no pipefail in sh, and
 * sh -e would stop at a failing berth) and returned.
 */
@NonCPS
String script(String launcher, List args, String base, String reportDir) {
    String json = berthCli.quote(base + '.json')
    String exit = berthCli.quote(base + '.exit')
    String clean = reportDir == null ? '' : "rm -rf ${berthCli.quote(reportDir)} && "
    return "mkdir -p .berth && ${clean}{ { ${launcher} ${berthCli.words(args)} 2>&1 >${json} && echo 0 >${exit} || " +
            "echo \$? >${exit}; } | tee ${berthCli.quote(base + '.err')} >&2; } && exit \"\$(cat ${exit})\""
}

/** What a run gave: [exitCode:, result: (a JSON object, or null), problem: (why there is none), said:, resultFile:, reportDir:]. */
@NonCPS
Map read(int status, String out, String err, String resultFile, String reportDir) {
    Map parsed = parse(out)
    return [exitCode: status, result: parsed.result, problem: parsed.problem, said: lastWords(err),
            resultFile: resultFile, reportDir: reportDir]
}

/** berth's JSON result, or why there is none: [result:, problem:]. Never throws. */
@NonCPS
Map parse(String json) {
    if (json == null || json.trim().isEmpty()) {
        return [result: null, problem: 'printed no result']
    }
    Object parsed = null
    try {
        parsed = new groovy.json.JsonSlurperClassic().parseText(json)
    } catch (Exception notJson) {
        return [result: null, problem: "printed a result that is not JSON: '${berthValues.printable(json.trim(), 60)}'".toString()]
    }
    if (!(parsed instanceof Map)) {
        return [result: null, problem: "printed JSON that is not an object: '${berthValues.printable(json.trim(), 60)}'".toString()]
    }
    return [result: parsed, problem: null]
}

/**
 * berth's own message: the last three lines of its stderr that are not a stack trace's, escaped and
 * shortened; on a usage error, those before the usage help that follows the error.
 */
@NonCPS
String lastWords(String err) {
    List lines = []
    String text = err ?: ''
    int usage = text.startsWith('Usage: ') ? 0 : text.indexOf('\nUsage: ')
    for (String line : (usage > 0 ? text.substring(0, usage) : text).split('\n')) {
        String trimmed = line.trim()
        if (!trimmed.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !trimmed.startsWith('Caused by') && !trimmed.startsWith('...')) {
            lines << berthValues.printable(trimmed, 300)
        }
    }
    return lines.isEmpty() ? null : lines.subList(Math.max(0, lines.size() - 3), lines.size()).join(' / ')
}

/** What berth's exit code says, for a failure message. */
@NonCPS
String exitMeaning(int code) {
    switch (code) {
        case 0: return 'berth succeeded (exit 0)'
        case 1: return 'berth failed unexpectedly (exit 1)'
        case 2: return 'berth rejected the options (exit 2)'
        case 3: return 'refused before changing anything (exit 3)'
        case 4: return 'failed and rolled back (exit 4)'
        case 5: return 'failed and needs attention (exit 5)'
        case 6: return 'timed out (exit 6)'
        case 126: return 'berth could not be started (exit 126)'
        case 127: return 'berth or java was not found (exit 127)'
        default: return "berth ended with exit ${code}"
    }
}

/** The step's error for a run that did not give what it should: the exit code, what is wrong, and berth's last words. */
@NonCPS
String failure(String step, Object subject, Map run, String problem) {
    String what = exitMeaning(run.exitCode as int)
    if (run.exitCode == 0) {
        what = "berth exited 0 but ${problem}"
    } else if (run.result == null && run.problem != 'printed no result') {
        what += "; berth ${run.problem}"
    }
    return "${step}: ${subject}: ${what}${run.said ? '; berth said: ' + run.said : '; berth printed no message'}".toString()
}

/** Fails the step unless berth exited 0 with a result of the expected {@code shape} (see shapeProblem). */
Map check(String step, Object subject, Map run, String shape) {
    String problem = shapeProblem(shape, run)
    if (run.exitCode != 0 || problem != null) {
        error(failure(step, subject, run, problem))
    }
    return run.result
}

/** Why a run's result does not fit: 'push', 'plan', 'status', 'history' or 'verdict'; null when it does. */
@NonCPS
String shapeProblem(String shape, Map run) {
    if (run.result == null) {
        return run.problem
    }
    Map r = run.result
    switch (shape) {
        case 'push': return r.imageUri instanceof String && r.digest instanceof String ? null : 'its result has no imageUri and digest'
        case 'plan': return r.plan instanceof Map && r.plan.version != null ? null : 'its result has no plan with a version'
        case 'status': return r.services instanceof List && r.services.every { it instanceof Map } ? null : 'its result has no list of services'
        case 'history': return r.entries instanceof List && r.entries.every { it instanceof Map } ? null : 'its result has no list of entries'
        case 'verdict': return verdictProblem(r, run.exitCode as int)
        default: return "unknown shape ${shape}"
    }
}

/** A verdict fits when its outcome is one berth gives with that exit code. */
@NonCPS
String verdictProblem(Map r, int exitCode) {
    Map codes = [SUCCEEDED: 0, UNCHANGED: 0, ROLLED_BACK: 4, FAILED: 5, NEEDS_ATTENTION: 5, TIMED_OUT: 6]
    if (!(r.outcome instanceof String) || !codes.containsKey(r.outcome)) {
        return "its result has no outcome berth knows (got ${berthValues.show(r.outcome)})"
    }
    return codes[r.outcome] == exitCode ? null : "its outcome ${r.outcome} does not go with exit ${exitCode}"
}

/** The outcome the exit code tells when the result cannot be read; ERROR when it tells none. */
@NonCPS
String outcomeOfExit(int code) {
    Map outcomes = [3: 'REFUSED', 4: 'ROLLED_BACK', 5: 'NEEDS_ATTENTION', 6: 'TIMED_OUT']
    return outcomes[code] ?: 'ERROR'
}

/** berthRun itself is not a step. */
def call(Map ignored = [:]) {
    error('berthRun: this is the berth steps\' plumbing; call ecsDeploy, ecrPush, ecsRollback, ecsRelease or ecsStatus')
}
