/*
 * ecsRollback: return a stack to an earlier version with `berth rollback`, through CloudFormation.
 * With approvers, an input step asks one of them first; berth records who ran it and who approved
 * it in the stack's history.
 */

Map defaults() {
    return [
        stack      : null,  // the service's CloudFormation stack (required)
        reason     : null,  // why, recorded with the change set (required)
        to         : null,  // the version to return to; default: the last version that succeeded before the current one
        approvers  : null,  // Jenkins user ids or group names allowed to approve (a list or 'a,b'); null: no approval
        parameter  : null,  // the template parameter holding the version (berth's default: Version)
        timeout    : null,  // e.g. '20m': berth cancels the update and rolls back after this long (default 30m)
        failBuild  : true,  // fail the build unless the rollback succeeded
        description: true,  // set the build description to "stack: from → to OUTCOME"
        archive    : true,  // archive berth's JSON result (and the report)
        report     : true,  // keep berth's report (result.json, timeline.svg, report.html) and link it from the description
    ]
}

def call(Map given = [:]) {
    Map o = berthCli.options('ecsRollback', given, defaults(), ['stack', 'reason'])
    String stack = berthCli.text('ecsRollback', 'stack', o.stack)
    List planArgs = ['rollback', '--stack', stack]
    berthCli.optional('ecsRollback', planArgs, '--to', 'to', o.to)
    berthCli.optional('ecsRollback', planArgs, '--parameter', 'parameter', o.parameter)
    planArgs << '--plan'
    Map plan = berthCli.run('ecsRollback', o, planArgs, 'rollback-plan', stack)
    if (plan.exitCode != 0) {
        error("ecsRollback: ${stack}: ${berthCli.exitMeaning(plan.exitCode)}; see the log above")
    }
    String from = plan.result.plan.currentVersion
    String target = plan.result.plan.version

    String approver = null
    if (!berthCli.blank(o.approvers)) {
        List names = berthCli.texts('ecsRollback', 'approvers', o.approvers, true)
        def answer = input(message: "Roll back ${stack} from ${from} to ${target}?", ok: 'Roll back',
                submitter: names.join(','), submitterParameter: 'approver')
        approver = answer instanceof Map ? answer.approver : answer
        echo "ecsRollback: ${approver} approved the rollback of ${stack} from ${from} to ${target}"
    }

    List args = ['rollback', '--stack', stack, '--to', target, '--reason', berthCli.text('ecsRollback', 'reason', o.reason)]
    berthCli.optional('ecsRollback', args, '--parameter', 'parameter', o.parameter)
    berthCli.optional('ecsRollback', args, '--timeout', 'timeout', o.timeout)
    berthCli.optional('ecsRollback', args, '--approved-by', 'approver', approver)
    Map run = berthCli.runReported('ecsRollback', o, args, 'rollback', stack)
    return berthCli.verdict('ecsRollback', o, run, [approvedBy: approver])
}
