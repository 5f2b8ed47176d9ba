/*
 * ecsDeploy: deploy a version to an ECS service described by a CloudFormation stack with
 * `berth deploy`, optionally building and pushing the image first. Returns the verdict as a map.
 */

Map defaults() {
    return [
        stack              : null,  // the service's CloudFormation stack (required)
        version            : null,  // the image tag to deploy (required)
        push               : null,  // build and push first: ecrPush's options (repository: ...), tag defaults to version
        parameter          : null,  // the template parameter holding the version (berth's default: Version)
        repositoryParameter: null,  // the template parameter naming the repository (berth's default: Repository)
        timeout            : null,  // e.g. '20m': berth cancels the update and rolls back after this long (default 30m)
        rollbackGrace      : null,  // e.g. '5m': after cancelling at timeout, follow the rollback this long at most, then answer (default 10m)
        reason             : null,  // why, recorded with the change set
        bakeTime           : null,  // e.g. '10m': after the rollout completed, keep watching this long before SUCCEEDED; a failure rolls back
        alarms             : [],    // CloudWatch alarm names watched during bakeTime, e.g. ['web-5xx']; one in ALARM fails the release
        pinDigest          : false, // deploy repository@sha256:... to a template whose parameter takes a whole image
        failBuild          : true,  // fail the build unless the outcome is SUCCEEDED or UNCHANGED
        description        : true,  // set the build description to "stack: from → to OUTCOME"
        archive            : true,  // archive berth's JSON result (and the report)
        report             : true,  // keep berth's report (result.json, timeline.svg, report.html) and link it from the description
    ]
}

def call(Map given = [:]) {
    Map o = berthCli.options('ecsDeploy', given, defaults(), ['stack', 'version'])
    if (o.push != null && !(o.push instanceof Map)) {
        error("ecsDeploy: option 'push' must be a map of ecrPush options, got ${berthValues.show(o.push)}")
    }
    String version = berthValues.text('ecsDeploy', 'version', o.version)
    List args = ['deploy', berthCli.arg('--stack', berthValues.text('ecsDeploy', 'stack', o.stack)), berthCli.arg('--version', version)]
    berthCli.optional('ecsDeploy', args, '--parameter', 'parameter', o.parameter)
    berthCli.optional('ecsDeploy', args, '--repository-parameter', 'repositoryParameter', o.repositoryParameter)
    if (!berthCli.blank(o.timeout)) {
        args << berthCli.arg('--timeout', berthValues.duration('ecsDeploy', 'timeout', o.timeout))
    }
    if (!berthCli.blank(o.rollbackGrace)) {
        args << berthCli.arg('--rollback-grace', berthValues.duration('ecsDeploy', 'rollbackGrace', o.rollbackGrace))
    }
    if (!berthCli.blank(o.reason)) {
        args << berthCli.arg('--reason', berthValues.reason('ecsDeploy', 'reason', o.reason))
    }
    if (!berthCli.blank(o.bakeTime)) {
        args << berthCli.arg('--bake-time', berthValues.duration('ecsDeploy', 'bakeTime', o.bakeTime))
    }
    List alarms = berthValues.texts('ecsDeploy', 'alarms', o.alarms)
    if (!alarms.isEmpty() && berthCli.blank(o.bakeTime)) {
        error("ecsDeploy: option 'alarms' is watched during a bake time; give bakeTime too, got alarms ${berthValues.show(o.alarms)}")
    }
    for (int i = 0; i < alarms.size(); i++) {
        args << berthCli.arg('--alarm', alarms[i])
    }
    if (o.pinDigest) {
        args << '--pin-digest'
    }
    berthCli.awsArgs('ecsDeploy', o) // checked now, before anything is pushed
    Map pushed = null
    if (o.push != null) {
        Map pushOptions = berthCli.pick(o, berthCli.commonDefaults().keySet())
        pushOptions.tag = version
        pushOptions.putAll((Map) o.push)
        pushed = ecrPush(pushOptions)
    }
    Map run = berthRun.runReported('ecsDeploy', o, args, 'deploy', o.stack)
    return berthVerdict.of('ecsDeploy', o, run, [version: version], [push: pushed])
}
