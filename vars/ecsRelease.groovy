/*
 * ecsRelease: one call for a parameterized release job. It reads the build parameters that
 * ecsDeployParameters defines (ACTION, VERSION, ROLLBACK_TO, DRY_RUN, REASON) and deploys, rolls
 * back (with approval when approvers are given) or plans. Parameters are checked before anything runs.
 */

Map defaults() {
    return [
        stack      : null, // the service's CloudFormation stack (required)
        approvers  : null, // who may approve a rollback (Jenkins user ids or groups); left out: no approval
        parameter  : null, // the template parameter holding the version (berth's default: Version)
        timeout    : null, // e.g. '20m': berth cancels the update and rolls back after this long (default 30m)
        rollbackGrace: null, // e.g. '5m': after cancelling at timeout, follow the rollback this long at most (default 10m)
        bakeTime   : null, // e.g. '10m': a deploy keeps watching this long after its rollout before SUCCEEDED (ecsDeploy's bakeTime)
        alarms     : [],   // CloudWatch alarms a deploy watches during bakeTime (ecsDeploy's alarms)
        failBuild  : true, // fail the build unless the outcome is SUCCEEDED or UNCHANGED
        report     : true, // keep berth's report of a deploy or rollback and link it from the build description
    ]
}

def call(Map given = [:]) {
    Map o = berthCli.options('ecsRelease', given, defaults(), ['stack'])
    String stack = berthValues.text('ecsRelease', 'stack', o.stack)
    String action = berthCli.blank(params.ACTION) ? 'deploy' : berthValues.text('ecsRelease', 'ACTION', params.ACTION).trim()
    if (!(action in ['deploy', 'rollback', 'plan'])) {
        error("ecsRelease: parameter 'ACTION' must be deploy, rollback or plan, got ${berthValues.show(params.ACTION)}")
    }
    boolean dryRun = params.DRY_RUN == null ? false : berthValues.flag('ecsRelease', 'DRY_RUN', params.DRY_RUN)
    String reason = berthCli.blank(params.REASON) ? null : berthValues.reason('ecsRelease', 'REASON', params.REASON)
    Map passOn = berthCli.pick(o, berthCli.commonDefaults().keySet() + ['parameter', 'timeout', 'rollbackGrace', 'failBuild', 'report'])
    passOn.stack = stack
    if (given.containsKey('approvers')) {
        passOn.approvers = berthValues.approvers('ecsRelease', 'approvers', o.approvers)
    }
    if (action == 'rollback') {
        return rollback(o, passOn, dryRun, reason)
    }
    if (berthCli.blank(params.VERSION)) {
        error("ecsRelease: parameter 'VERSION' is empty: choose the version to ${action == 'plan' ? 'plan' : 'deploy'}")
    }
    String version = berthValues.text('ecsRelease', 'VERSION', params.VERSION)
    if (action == 'plan' || dryRun) {
        List args = ['plan', berthCli.arg('--stack', stack), berthCli.arg('--version', version)]
        berthCli.optional('ecsRelease', args, '--parameter', 'parameter', o.parameter)
        return planned(stack, berthRun.run('ecsRelease', o, args, 'plan', stack))
    }
    passOn.version = version
    passOn.reason = reason
    passOn.bakeTime = o.bakeTime
    passOn.alarms = o.alarms
    return ecsDeploy(passOn)
}

Map rollback(Map o, Map passOn, boolean dryRun, String reason) {
    String to = berthCli.blank(params.ROLLBACK_TO) ? null : berthValues.text('ecsRelease', 'ROLLBACK_TO', params.ROLLBACK_TO)
    if (dryRun) {
        List args = ['rollback', berthCli.arg('--stack', passOn.stack), '--plan']
        berthCli.optional('ecsRelease', args, '--to', 'ROLLBACK_TO', to)
        berthCli.optional('ecsRelease', args, '--parameter', 'parameter', o.parameter)
        return planned(passOn.stack, berthRun.run('ecsRelease', o, args, 'rollback-plan', passOn.stack))
    }
    passOn.to = to
    passOn.reason = reason ?: "rollback by Jenkins build ${env.BUILD_URL ?: env.BUILD_NUMBER ?: ''}".trim()
    return ecsRollback(passOn)
}

/** A plan, echoed in a line and returned with outcome PLANNED. */
Map planned(String stack, Map run) {
    Map plan = berthRun.check('ecsRelease', stack, run, 'plan').plan
    echo berthValues.printable("ecsRelease: ${plan.stack}: version ${plan.currentVersion} -> ${plan.version}" +
            "${plan.unchanged ? ': nothing to change' : ''}", 1000)
    return [outcome: 'PLANNED', stack: plan.stack, previousVersion: plan.currentVersion, version: plan.version,
            unchanged: plan.unchanged, changes: plan.changes, resultFile: run.resultFile]
}
