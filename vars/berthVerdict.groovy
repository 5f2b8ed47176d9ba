/*
 * The verdict of a deploy or rollback, for ecsDeploy and ecsRollback: berth's result read back
 * (or, when it cannot be read, what berth's exit code tells), the JSON and the report archived,
 * the build description set, and the build failed unless the outcome is SUCCEEDED or UNCHANGED.
 */

/**
 * The step's result map. {@code known} is what the step knows without berth's result: the target
 * [version:] and, for a rollback, the [previousVersion:] running before. An outcome berth does not
 * tell (exit 0 without a readable verdict, exit 1 or 2) fails the build even with failBuild: false.
 */
Map of(String step, Map o, Map run, Map known, Map extra) {
    String problem = berthRun.shapeProblem('verdict', run)
    Map r = problem == null ? run.result : [:]
    Map image = r.image instanceof Map ? (Map) r.image : [:]
    Map result = [
        outcome        : problem == null ? r.outcome : (run.exitCode == 0 ? 'ERROR' : berthRun.outcomeOfExit(run.exitCode as int)),
        exitCode       : run.exitCode,
        stack          : o.stack,
        version        : r.version ?: known.version,
        previousVersion: r.previousVersion ?: known.previousVersion,
        digest         : image.digest,
        image          : image.reference,
        durationSeconds: r.durationSeconds,
        reason         : r.reason,
        who            : r.who,
        why            : r.why,
        resultFile     : run.resultFile,
        reportPath     : null,
        problem        : problem,
    ]
    result.putAll(extra)
    String page = run.reportDir ? "${run.reportDir}/report.html".toString() : null
    if (page != null && fileExists(page)) {
        result.reportPath = page
    }
    if (o.archive && problem == null) {
        archiveArtifacts(artifacts: run.resultFile, allowEmptyArchive: true)
        if (result.reportPath) {
            archiveArtifacts(artifacts: "${run.reportDir}/**".toString(), allowEmptyArchive: true)
        }
    }
    if (o.description && problem == null) {
        currentBuild.description = description(result, r, o.archive ? "${env.BUILD_URL ?: ''}artifact/".toString() : null)
    }
    if (result.outcome == 'ERROR' || (o.failBuild && !(result.outcome in ['SUCCEEDED', 'UNCHANGED']))) {
        error(message(step, o.stack, run, result))
    }
    return result
}

/**
 * "stack: from → to OUTCOME (approved by a): why", every part escaped for Jenkins' HTML, with a
 * link to the archived report when there is one ({@code artifacts}: where archived files are served).
 */
@NonCPS
String description(Map result, Map r, String artifacts) {
    String text = berthValues.html("${result.stack}: ${result.previousVersion ?: '?'} → ${result.version} ${result.outcome}") +
            (r.approvedBy ? " (approved by ${berthValues.html(r.approvedBy)})" : '') + (r.why ? ": ${berthValues.html(r.why)}" : '')
    if (result.reportPath && artifacts != null) {
        text += " (<a href=\"${berthValues.html(artifacts + result.reportPath)}\">report</a>)"
    }
    return text
}

/** Why the build fails: for a rollback, the version the service is safe on, however little berth said. */
@NonCPS
String message(String step, Object stack, Map run, Map result) {
    String reason = result.reason ? berthValues.printable(result.reason.toString(), 500) : null
    if (result.outcome == 'ROLLED_BACK') {
        String safe = result.previousVersion ? "version ${berthValues.printable(result.previousVersion.toString(), 130)}" :
                'the version it ran before'
        String text = "${step}: version ${berthValues.printable(result.version.toString(), 130)} of ${stack} failed and was " +
                "rolled back; the service is safe on ${safe}."
        if (result.problem != null) {
            return "${text} berth's result is unreadable (berth ${result.problem}); this is what exit 4 tells" +
                    (run.said ? "; berth said: ${run.said}" : '')
        }
        return "${text}${reason ? ' ' + reason : ''} (exit 4)".toString()
    }
    if (result.problem == null && reason) {
        return "${step}: ${stack}: ${berthRun.exitMeaning(run.exitCode as int)}: ${reason}".toString()
    }
    return berthRun.failure(step, stack, run, result.problem)
}

/** berthVerdict itself is not a step. */
def call(Map ignored = [:]) {
    error('berthVerdict: this is the berth steps\' plumbing; call ecsDeploy or ecsRollback')
}
