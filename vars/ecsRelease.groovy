/*
 * ecsRelease: one call for a parameterized release job. It reads the build parameters that
 * ecsDeployParameters defines (ACTION, VERSION, ROLLBACK_TO, DRY_RUN, REASON) and deploys, rolls
 * back (with approval when approvers are given) or plans.
 */

Map defaults() {
    return [
        stack      : null, // the service's CloudFormation stack (required)
        approvers  : null, // who may approve a rollback (Jenkins user ids or groups); null: no approval
        parameter  : null, // the template parameter holding the version (berth's default: Version)
        timeout    : null, // e.g. '20m': berth cancels the update and rolls back after this long (default 30m)
        failBuild  : true, // fail the build unless the outcome is SUCCEEDED or UNCHANGED
        report     : true, // keep berth's report of a deploy or rollback and link it from the build description
    ]
}

def call(Map given = [:]) {
    Map o = berthCli.options('ecsRelease', given, defaults(), ['stack'])
    String stack = berthCli.text('ecsRelease', 'stack', o.stack)
    String action = berthCli.blank(params.ACTION) ? 'deploy' : params.ACTION.toString()
    boolean dryRun = params.DRY_RUN == true || params.DRY_RUN?.toString() == 'true'
    String reason = berthCli.blank(params.REASON) ? null : params.REASON.toString()
    Map passOn = berthCli.pick(o, berthCli.commonDefaults().keySet() + ['parameter', 'timeout', 'failBuild', 'report'])
    passOn.stack = stack

    if (action == 'deploy' || action == 'plan') {
        if (berthCli.blank(params.VERSION)) {
            error("ecsRelease: VERSION is empty: choose the version to ${action == 'plan' ? 'plan' : 'deploy'}")
        }
        String version = berthCli.text('ecsRelease', 'VERSION', params.VERSION)
        if (action == 'plan' || dryRun) {
            List args = ['plan', '--stack', stack, '--version', version]
            berthCli.optional('ecsRelease', args, '--parameter', 'parameter', o.parameter)
            return planned(o, berthCli.run('ecsRelease', o, args, 'plan', stack))
        }
        passOn.version = version
        passOn.reason = reason
        return ecsDeploy(passOn)
    }
    if (action == 'rollback') {
        String to = berthCli.blank(params.ROLLBACK_TO) ? null : berthCli.text('ecsRelease', 'ROLLBACK_TO', params.ROLLBACK_TO)
        if (dryRun) {
            List args = ['rollback', '--stack', stack, '--plan']
            berthCli.optional('ecsRelease', args, '--to', 'ROLLBACK_TO', to)
            berthCli.optional('ecsRelease', args, '--parameter', 'parameter', o.parameter)
            return planned(o, berthCli.run('ecsRelease', o, args, 'rollback-plan', stack))
        }
        passOn.to = to
        passOn.approvers = o.approvers
        passOn.reason = reason ?: "rollback by Jenkins build ${env.BUILD_URL ?: env.BUILD_NUMBER ?: ''}".trim()
        return ecsRollback(passOn)
    }
    error("ecsRelease: unknown ACTION '${action}' (expected deploy, rollback or plan)")
}

/** A plan, echoed in a few lines and returned with outcome PLANNED. */
Map planned(Map o, Map run) {
    if (run.exitCode != 0) {
        error("ecsRelease: ${o.stack}: ${berthCli.exitMeaning(run.exitCode)}; see the log above")
    }
    Map plan = run.result.plan
    echo "ecsRelease: ${plan.stack}: version ${plan.currentVersion} -> ${plan.version}${plan.unchanged ? ': nothing to change' : ''}"
    return [outcome: 'PLANNED', stack: plan.stack, previousVersion: plan.currentVersion, version: plan.version,
            unchanged: plan.unchanged, changes: plan.changes, resultFile: run.resultFile]
}
