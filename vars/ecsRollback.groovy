/*
 * ecsRollback: return a stack to an earlier version with `berth rollback`, through CloudFormation.
 * With approvers, an input step asks one of them first; berth records who ran it and who approved
 * it in the stack's history. Every option is checked before anyone is asked.
 */

Map defaults() {
    return [
        stack      : null,  // the service's CloudFormation stack (required)
        reason     : null,  // why, recorded with the change set (required)
        to         : null,  // the version to return to; default: the last version that succeeded before the current one
        approvers  : null,  // Jenkins user ids or group names allowed to approve (a list or 'a,b'); left out: no approval
        parameter  : null,  // the template parameter holding the version (berth's default: Version)
        timeout    : null,  // e.g. '20m': berth cancels the update and rolls back after this long (default 30m)
        rollbackGrace: null,  // e.g. '5m': after cancelling at timeout, follow the rollback this long at most, then answer (default 10m)
        failBuild  : true,  // fail the build unless the rollback succeeded
        description: true,  // set the build description to "stack: from → to OUTCOME"
        archive    : true,  // archive berth's JSON result (and the report)
        report     : true,  // keep berth's report (result.json, timeline.svg, report.html) and link it from the description
    ]
}

def call(Map given = [:]) {
    Map o = berthCli.options('ecsRollback', given, defaults(), ['stack', 'reason'])
    String stack = berthValues.text('ecsRollback', 'stack', o.stack)
    List common = []
    berthCli.optional('ecsRollback', common, '--parameter', 'parameter', o.parameter)
    List planArgs = ['rollback', berthCli.arg('--stack', stack)]
    berthCli.optional('ecsRollback', planArgs, '--to', 'to', o.to)
    planArgs.addAll(common)
    planArgs << '--plan'
    List args = [berthCli.arg('--reason', berthValues.reason('ecsRollback', 'reason', o.reason))]
    args.addAll(common)
    if (!berthCli.blank(o.timeout)) {
        args << berthCli.arg('--timeout', berthValues.duration('ecsRollback', 'timeout', o.timeout))
    }
    if (!berthCli.blank(o.rollbackGrace)) {
        args << berthCli.arg('--rollback-grace', berthValues.duration('ecsRollback', 'rollbackGrace', o.rollbackGrace))
    }
    // given, even as null or empty: approval was asked for, and an empty submitter would let anyone approve
    List names = given.containsKey('approvers') ? berthValues.approvers('ecsRollback', 'approvers', o.approvers) : null
    berthCli.awsArgs('ecsRollback', o)

    Map plan = berthRun.check('ecsRollback', stack, berthRun.run('ecsRollback', o, planArgs, 'rollback-plan', stack), 'plan').plan
    String from = plan.currentVersion
    String target = plan.version
    String approver = null
    if (names != null) {
        // the versions are the stack's parameter values: shown with their control characters escaped
        String question = berthValues.printable("Roll back ${stack} from ${from} to ${target}?", 1000)
        def answer = input(message: question, ok: 'Roll back', submitter: names.join(','), submitterParameter: 'approver')
        approver = answer instanceof Map ? answer.approver : answer
        echo berthValues.printable("ecsRollback: ${approver} approved the rollback of ${stack} from ${from} to ${target}", 1000)
    }
    List all = ['rollback', berthCli.arg('--stack', stack), berthCli.arg('--to', target)]
    all.addAll(args)
    berthCli.optional('ecsRollback', all, '--approved-by', 'approver', approver)
    Map run = berthRun.runReported('ecsRollback', o, all, 'rollback', stack)
    return berthVerdict.of('ecsRollback', o, run, [version: target, previousVersion: from], [approvedBy: approver])
}
