/*
 * ecsDeployParameters: the build parameters of a release job, for
 * properties([parameters(ecsDeployParameters(stack: 'web'))]): ACTION, VERSION, ROLLBACK_TO (the
 * versions that ran successfully, from `berth history`), DRY_RUN and REASON. ecsRelease reads them.
 */

Map defaults() {
    return [
        stack   : null, // the service's CloudFormation stack (required)
        versions: 20,   // how many earlier versions ROLLBACK_TO offers
    ]
}

def call(Map given = [:]) {
    Map o = berthCli.options('ecsDeployParameters', given, defaults(), ['stack'])
    String stack = berthValues.text('ecsDeployParameters', 'stack', o.stack)
    int versions = berthValues.count('ecsDeployParameters', 'versions', o.versions, 0, 1000)
    Map run = berthRun.run('ecsDeployParameters', o, ['history', berthCli.arg('--stack', stack)], 'history', stack)
    List earlier = []
    if (run.exitCode == 3) {
        // a stack not created yet, or no AWS access while the job is defined: offer the default only
        echo "ecsDeployParameters: no history for ${stack}: ${berthRun.exitMeaning(3)}${run.said ? '; berth said: ' + run.said : ''}; " +
                'ROLLBACK_TO offers the default only'
    } else {
        earlier = earlierVersions((List) berthRun.check('ecsDeployParameters', stack, run, 'history').entries, versions)
    }
    List rollbackChoices = ['']
    rollbackChoices.addAll(earlier)
    return [
        choice(name: 'ACTION', choices: ['deploy', 'rollback', 'plan'],
                description: "deploy: VERSION to ${stack}; rollback: back to ROLLBACK_TO; plan: show what deploying VERSION would do"),
        string(name: 'VERSION', defaultValue: '', description: 'deploy and plan: the image tag to deploy'),
        choice(name: 'ROLLBACK_TO', choices: rollbackChoices,
                description: 'rollback: the version to return to; empty: the last version that succeeded before the current one'),
        booleanParam(name: 'DRY_RUN', defaultValue: false, description: 'show the plan only; change nothing'),
        string(name: 'REASON', defaultValue: '', description: 'why; recorded with the change set'),
    ]
}

/** Versions that ran successfully, newest first, without the one running now. */
@NonCPS
List earlierVersions(List entries, int limit) {
    List succeeded = []
    for (Object entry : entries) {
        String version = entry.version instanceof CharSequence || entry.version instanceof Number ? entry.version.toString() : null
        if (entry.outcome == 'SUCCEEDED' && version && !succeeded.contains(version)) {
            succeeded << version
        }
    }
    // berth lists newest first; a rolled-back deploy left the previous success running
    List earlier = succeeded.size() > 1 ? succeeded.subList(1, succeeded.size()) : []
    return new ArrayList(earlier.take(limit))
}
