/*
 * ecsStatus: what the ECS services of a stack run now, with `berth status --stack`: counts,
 * deployments, rollout bounds. Echoes one line per service and returns berth's status as a map.
 */

Map defaults() {
    return [
        stack: null, // the service's CloudFormation stack (required)
    ]
}

def call(Map given = [:]) {
    Map o = berthCli.options('ecsStatus', given, defaults(), ['stack'])
    String stack = berthValues.text('ecsStatus', 'stack', o.stack)
    Map run = berthRun.run('ecsStatus', o, ['status', berthCli.arg('--stack', stack)], 'status', stack)
    Map status = berthRun.check('ecsStatus', stack, run, 'status')
    List lines = serviceLines((List) status.services)
    for (int i = 0; i < lines.size(); i++) {
        echo lines[i]
    }
    return status
}

/** One line per service, AWS's text with its control characters escaped. */
@NonCPS
List serviceLines(List services) {
    List lines = []
    for (Object service : services) {
        lines << berthValues.printable("ecsStatus: ${service.service} ${service.status}: ${service.running}/${service.desired} running, " +
                "${service.pending} pending, task definition ${service.taskDefinition}", 1000)
    }
    return lines
}
