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
    String stack = berthCli.text('ecsStatus', 'stack', o.stack)
    Map run = berthCli.run('ecsStatus', o, ['status', '--stack', stack], 'status', stack)
    if (run.exitCode != 0) {
        error("ecsStatus: ${stack}: ${berthCli.exitMeaning(run.exitCode)}; see the log above")
    }
    if (run.result == null) {
        error("ecsStatus: ${stack}: berth gave no result; see the log above")
    }
    List services = run.result.services
    for (int i = 0; i < services.size(); i++) {
        Map service = services[i]
        echo "ecsStatus: ${service.service} ${service.status}: ${service.running}/${service.desired} running, " +
                "${service.pending} pending, task definition ${service.taskDefinition}"
    }
    return run.result
}
