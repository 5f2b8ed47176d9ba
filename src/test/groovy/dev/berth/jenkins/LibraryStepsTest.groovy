package dev.berth.jenkins

import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.catchThrowable

/**
 * Every step of the library in normal and CPS mode: the exact sh commands it runs, the options it
 * accepts and refuses, how it reads berth's result, and what it does to the build.
 */
class LibraryStepsTest {
    static final List<String> JAR = ['java', '-jar', '/opt/berth/berth.jar']
    static final String SUCCEEDED = '{"outcome":"SUCCEEDED","version":"1.4.2","previousVersion":"1.4.1","reason":"stack web UPDATE_COMPLETE at version 1.4.2","durationSeconds":42.5,"image":{"reference":"r/web:1.4.2","digest":"sha256:abc"}}'
    static final String ROLLED_BACK = '{"outcome":"ROLLED_BACK","version":"1.5.0-crash","previousVersion":"1.4.2","reason":"circuit breaker; stack web rolled back to version 1.4.2"}'
    static final String PUSHED = '{"outcome":"SUCCEEDED","imageUri":"r/team/web@sha256:abc","digest":"sha256:abc","repositoryUri":"r/team/web","tags":["1.4.2","f00d"],"sizeBytes":10,"bytesSent":10}'
    static final String ROLLBACK_PLAN = '{"verb":"rollback","plan":{"stack":"web","currentVersion":"1.4.2","version":"1.4.1","unchanged":false,"changes":[]}}'

    /** berth's arguments in each run so far, read back from the sh scripts as the shell reads them. */
    static List<List<String>> argvs(PipelineHarness p) {
        return p.berthCalls()*.argv
    }

    static PipelineHarness harness(PipelineHarness.Mode mode) {
        PipelineHarness p = new PipelineHarness(mode).setUp()
        p.env.BERTH_HOME = '/opt/berth'
        p.env.BUILD_USER_ID = 'alice'
        p.env.BUILD_URL = 'https://ci.example.com/job/web/12/'
        return p
    }

    /** The step's error (or whatever was thrown) when the pipeline fails, else null. */
    static Throwable failureOrNull(PipelineHarness p, String pipeline) {
        Throwable thrown = catchThrowable { p.run(pipeline) }
        while (thrown != null && !(thrown instanceof PipelineHarness.Abort) && thrown.cause != null && thrown.cause != thrown) {
            thrown = thrown.cause
        }
        return thrown
    }

    static Throwable failure(PipelineHarness p, String pipeline) {
        Throwable thrown = catchThrowable { p.run(pipeline) }
        assertThat(thrown).as('the build fails').isNotNull()
        while (thrown != null && !(thrown instanceof PipelineHarness.Abort) && thrown.cause != null && thrown.cause != thrown) {
            thrown = thrown.cause
        }
        return thrown
    }

    // ---- ecsDeploy ----

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void ecsDeployRunsBerthDeployAndReturnsTheVerdict(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer([deploy: [0, SUCCEEDED]])
        Map result = p.run("return ecsDeploy(stack: 'web', version: '1.4.2', timeout: '20m', reason: 'release')") as Map

        assertThat(p.berthCommands()).containsExactly("mkdir -p .berth && rm -rf '.berth/deploy-web-report' && { { java -jar " +
                "'/opt/berth/berth.jar' 'deploy' '--stack=web' '--version=1.4.2' '--timeout=20m' '--reason=release' " +
                "'--report=.berth/deploy-web-report' '--output=json' 2>&1 >'.berth/deploy-web.json' && echo 0 >'.berth/deploy-web.exit' " +
                "|| echo \$? >'.berth/deploy-web.exit'; } | tee '.berth/deploy-web.err' >&2; } && exit \"\$(cat '.berth/deploy-web.exit')\"")
        assertThat(p.berthCalls()[0].launcher).isEqualTo(JAR)
        assertThat(p.shCalls.last().returnStatus).isTrue()
        assertThat(p.shCalls.last().env).containsEntry('BERTH_USER', 'alice')
        assertThat(result).containsEntry('outcome', 'SUCCEEDED').containsEntry('version', '1.4.2')
                .containsEntry('previousVersion', '1.4.1').containsEntry('digest', 'sha256:abc')
                .containsEntry('durationSeconds', 42.5).containsEntry('resultFile', '.berth/deploy-web.json')
                .containsEntry('exitCode', 0).containsEntry('reportPath', '.berth/deploy-web-report/report.html')
        assertThat(p.archived).containsExactly([artifacts: '.berth/deploy-web.json', allowEmptyArchive: true],
                [artifacts: '.berth/deploy-web-report/**', allowEmptyArchive: true])
        assertThat(p.currentBuild.description as String).isEqualTo('web: 1.4.1 → 1.4.2 SUCCEEDED ' +
                '(<a href="https://ci.example.com/job/web/12/artifact/.berth/deploy-web-report/report.html">report</a>)')
        assertThat(p.currentBuild.result).isEqualTo('SUCCESS')
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void ecsDeployPushesFirstWhenAskedWithTheVersionAsTag(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer([push: [0, PUSHED], deploy: [0, SUCCEEDED]])
        Map result = p.run("return ecsDeploy(stack: 'web', version: '1.4.2', region: 'eu-west-1', " +
                "push: [repository: 'team/web', tags: ['f00d'], buildArgs: [B: '2', A: '1'], dockerfile: 'ci/Dockerfile'])") as Map

        assertThat(argvs(p)).containsExactly(
                ['push', '--repository=team/web', '--tag=1.4.2', '--tag=f00d', '--context=.', '--dockerfile=ci/Dockerfile',
                 '--build-arg=A=1', '--build-arg=B=2', '--region=eu-west-1', '--output=json'],
                ['deploy', '--stack=web', '--version=1.4.2', '--report=.berth/deploy-web-report', '--region=eu-west-1', '--output=json'])
        assertThat(p.berthCalls()*.resultFile).containsExactly('.berth/push-team-web.json', '.berth/deploy-web.json')
        assertThat(result.push).containsEntry('digest', 'sha256:abc').containsEntry('imageUri', 'r/team/web@sha256:abc')
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void aRolledBackDeployFailsTheBuildSayingTheServiceIsSafe(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer([deploy: [4, ROLLED_BACK]])
        Throwable thrown = failure(p, "ecsDeploy(stack: 'web', version: '1.5.0-crash')")

        assertThat(thrown).isInstanceOf(PipelineHarness.Abort).hasMessage('ecsDeploy: version 1.5.0-crash of web failed and ' +
                'was rolled back; the service is safe on version 1.4.2. circuit breaker; stack web rolled back to version 1.4.2 (exit 4)')
        assertThat(p.currentBuild.description as String).startsWith('web: 1.4.2 → 1.5.0-crash ROLLED_BACK (<a href=')
        assertThat(p.archived).hasSize(2)
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void theReportIsArchivedAndLinkedWithTheTextEscapedOrLeftOutWhenNotWanted(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer([deploy: [0, '{"outcome":"SUCCEEDED","version":"2","previousVersion":"1","why":"fix <b>&</b>"}']])
        p.run("ecsDeploy(stack: 'web', version: '2', reason: 'fix <b>&</b>')")
        assertThat(p.currentBuild.description as String).isEqualTo('web: 1 → 2 SUCCEEDED: fix &lt;b&gt;&amp;&lt;/b&gt; ' +
                '(<a href="https://ci.example.com/job/web/12/artifact/.berth/deploy-web-report/report.html">report</a>)')

        p.archived.clear()
        Map result = p.run("return ecsDeploy(stack: 'web', version: '2', reason: 'fix <b>&</b>', report: false)") as Map
        assertThat(p.berthCalls().last().argv.findAll { it.startsWith('--report') }).isEmpty()
        assertThat(p.berthCommands().last()).doesNotContain('rm -rf')
        assertThat(result.reportPath).isNull()
        assertThat(p.archived).containsExactly([artifacts: '.berth/deploy-web.json', allowEmptyArchive: true])
        assertThat(p.currentBuild.description as String).as('escaped without the report link too')
                .isEqualTo('web: 1 → 2 SUCCEEDED: fix &lt;b&gt;&amp;&lt;/b&gt;')

        p.run("ecsDeploy(stack: 'web', version: '2')")
        assertThat(p.workspace.resolve('.berth/deploy-web-report/report.html')).exists()
        p.answer([deploy: [3, null]])
        p.archived.clear()
        result = p.run("return ecsDeploy(stack: 'web', version: '3', failBuild: false)") as Map
        assertThat(result.reportPath).as('the report of an earlier run is removed, not passed off as this one').isNull()
        assertThat(p.archived).isEmpty()
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void withFailBuildFalseTheVerdictIsReturnedInstead(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer([deploy: [4, ROLLED_BACK]])
        Map result = p.run("return ecsDeploy(stack: 'web', version: '1.5.0-crash', failBuild: false)") as Map
        assertThat(result).containsEntry('outcome', 'ROLLED_BACK').containsEntry('exitCode', 4)
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void aRefusalFailsTheBuildWithoutAResult(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer([deploy: [3, null]])
        Throwable thrown = failure(p, "ecsDeploy(stack: 'web', version: '9')")
        assertThat(thrown).hasMessage('ecsDeploy: web: refused before changing anything (exit 3); berth printed no message')
        assertThat(p.archived).isEmpty()
        assertThat(p.currentBuild.description as String).isNull()
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void berthsOwnMessageIsKeptAndNotTheUsageHelpAfterIt(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer([deploy: [2, null, "Invalid value for option '--version': '@/tmp/x' is not an image tag\n" +
                "Usage: berth deploy [-qv] [--pin-digest]\n                    --version=VERSION\nDeploy a version\n"]])
        assertThat(failure(p, "ecsDeploy(stack: 'web', version: '@/tmp/x')")).hasMessage("ecsDeploy: web: berth rejected the " +
                "options (exit 2); berth said: Invalid value for option '--version': '@/tmp/x' is not an image tag")
        p.answer([status: [1, null, 'status: internal error: java.lang.IllegalStateException: boom\n\tat dev.berth.X.y(X.java:1)\n' +
                '\tat dev.berth.Z.z(Z.java:2)\nCaused by: java.io.IOException: \u001b[2Jgone\n\t... 3 more\n']])
        assertThat(failure(p, "ecsStatus(stack: 'web')")).hasMessage('ecsStatus: web: berth failed unexpectedly (exit 1); ' +
                'berth said: status: internal error: java.lang.IllegalStateException: boom')
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void unknownAndMissingOptionsAreNamedAndNothingRuns(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        assertThat(failure(p, "ecsDeploy(stak: 'web', version: '1', colour: 'red')")).hasMessageStartingWith(
                "ecsDeploy: unknown options 'stak', 'colour' (known: alarms, archive, bakeTime, cli, description, endpointUrl, failBuild, parameter,")
        assertThat(failure(p, "ecsDeploy(stack: 'web')")).hasMessage("ecsDeploy: missing required option 'version'")
        assertThat(failure(p, "ecsDeploy(stack: 'web', version: '  ')")).hasMessage("ecsDeploy: missing required option 'version', got '  '")
        assertThat(failure(p, "ecrPush(repository: 'team/web')")).hasMessage("ecrPush: missing required option 'tag'")
        assertThat(failure(p, "ecsRollback(stack: 'web')")).hasMessage("ecsRollback: missing required option 'reason'")
        assertThat(failure(p, "ecsStatus()")).hasMessage("ecsStatus: missing required option 'stack'")
        assertThat(failure(p, "ecsDeploy(stack: ['web'], version: '1')")).hasMessage("ecsDeploy: option 'stack' must be a string, got [web] (ArrayList)")
        assertThat(failure(p, "ecsDeploy(stack: 'web', version: '1', push: 'team/web')"))
                .hasMessage("ecsDeploy: option 'push' must be a map of ecrPush options, got 'team/web'")
        assertThat(p.shCalls).isEmpty()
    }

    // ---- finding berth ----

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void awsOptionsBecomeBerthsFlags(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer([deploy: [0, SUCCEEDED]])
        p.run("ecsDeploy(stack: 'web', version: '1.4.2', region: 'eu-west-1', profile: 'prod', " +
                "roleArn: 'arn:aws:iam::123456789012:role/deployer', endpointUrl: 'http://127.0.0.1:4566', pinDigest: true, " +
                "parameter: 'Image', repositoryParameter: 'Repo')")
        assertThat(argvs(p)).containsExactly(['deploy', '--stack=web', '--version=1.4.2', '--parameter=Image',
                '--repository-parameter=Repo', '--pin-digest', '--report=.berth/deploy-web-report', '--region=eu-west-1',
                '--profile=prod', '--role-arn=arn:aws:iam::123456789012:role/deployer', '--endpoint-url=http://127.0.0.1:4566',
                '--output=json'])
    }

    // ---- ecrPush ----

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void ecrPushTakesOneSourceAndReturnsTheImage(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer([push: [0, PUSHED]])
        Map result = p.run("return ecrPush(repository: 'team/web', tag: '1.4.2', tar: 'build/web.tar', keepLast: 30, mutable: true)") as Map
        assertThat(argvs(p)).containsExactly(['push', '--repository=team/web', '--tag=1.4.2', '--tar=build/web.tar',
                '--keep-last=30', '--mutable', '--output=json'])
        assertThat(result).containsEntry('imageUri', 'r/team/web@sha256:abc').containsEntry('digest', 'sha256:abc')
                .containsEntry('tags', ['1.4.2', 'f00d']).containsEntry('bytesSent', 10)

        p.run("ecrPush(repository: 'team/web', tag: '1.4.2', image: 'web:local', buildNetwork: 'none')")
        assertThat(p.berthCalls().last().argv).containsExactly('push', '--repository=team/web', '--tag=1.4.2',
                '--image=web:local', '--output=json')
        assertThat(failure(p, "ecrPush(repository: 'team/web', tag: '1', tar: 'a.tar', image: 'web:1')"))
                .hasMessage('ecrPush: give one of context, tar and image, not tar and image')
        assertThat(failure(p, "ecrPush(repository: 'team/web', tag: '1', buildArgs: ['A=1'])"))
                .hasMessage("ecrPush: option 'buildArgs' must be a map of name: value, got [A=1] (ArrayList)")
        p.answer([push: [3, null]])
        assertThat(failure(p, "ecrPush(repository: 'team/web', tag: '1')"))
                .hasMessage('ecrPush: team/web:1: refused before changing anything (exit 3); berth printed no message')
    }

    // ---- ecsRollback ----

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void aRollbackWithApproversAsksThemAndRecordsWhoApproved(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer(['rollback --plan': [0, ROLLBACK_PLAN], rollback: [0, '{"outcome":"SUCCEEDED","version":"1.4.1",' +
                '"previousVersion":"1.4.2","who":"alice","approvedBy":"rita","why":"errors since 1.4.2"}']])
        p.inputAnswer = 'rita'
        Map result = p.run("return ecsRollback(stack: 'web', reason: 'errors since 1.4.2', approvers: ['rita', 'release-managers'])") as Map

        assertThat(argvs(p)).containsExactly(['rollback', '--stack=web', '--plan', '--output=json'],
                ['rollback', '--stack=web', '--to=1.4.1', '--reason=errors since 1.4.2', '--approved-by=rita',
                 '--report=.berth/rollback-web-report', '--output=json'])
        assertThat(p.berthCalls()*.resultFile).containsExactly('.berth/rollback-plan-web.json', '.berth/rollback-web.json')
        assertThat(p.inputs).hasSize(1)
        assertThat(p.inputs[0]).containsEntry('submitter', 'rita,release-managers').containsEntry('submitterParameter', 'approver')
                .containsEntry('ok', 'Roll back')
        assertThat(p.inputs[0].message.toString()).isEqualTo('Roll back web from 1.4.2 to 1.4.1?')
        assertThat(result).containsEntry('approvedBy', 'rita').containsEntry('outcome', 'SUCCEEDED')
        assertThat(p.log).contains('ecsRollback: rita approved the rollback of web from 1.4.2 to 1.4.1')
        assertThat(result).containsEntry('who', 'alice').containsEntry('why', 'errors since 1.4.2')
        assertThat(p.currentBuild.description as String).isEqualTo('web: 1.4.2 → 1.4.1 SUCCEEDED (approved by rita): errors since 1.4.2 ' +
                '(<a href="https://ci.example.com/job/web/12/artifact/.berth/rollback-web-report/report.html">report</a>)')
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void aRollbackNobodyApprovesNeverRuns(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer(['rollback --plan': [0, ROLLBACK_PLAN]])
        p.inputAnswer = null
        assertThat(failure(p, "ecsRollback(stack: 'web', to: '1.4.1', reason: 'r', approvers: 'rita, bob')")).hasMessage('Aborted by nobody')
        assertThat(p.inputs[0]).containsEntry('submitter', 'rita,bob')
        assertThat(argvs(p)).containsExactly(['rollback', '--stack=web', '--to=1.4.1', '--plan', '--output=json'])
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void aRollbackWithoutApproversRunsAtOnce(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer(['rollback --plan': [0, ROLLBACK_PLAN], rollback: [0, SUCCEEDED]])
        Map result = p.run("return ecsRollback(stack: 'web', reason: 'r', timeout: '10m')") as Map
        assertThat(p.inputs).isEmpty()
        assertThat(p.berthCalls().last().argv).containsExactly('rollback', '--stack=web', '--to=1.4.1', '--reason=r',
                '--timeout=10m', '--report=.berth/rollback-web-report', '--output=json')
        assertThat(result.approvedBy).isNull()
    }

    // ---- parameters and releases ----

    static final String HISTORY = '{"entries":[' +
            '{"verb":"deploy","version":"1.5.0-crash","outcome":"ROLLED_BACK"},' +
            '{"verb":"deploy","version":"1.4.2","outcome":"SUCCEEDED"},' +
            '{"verb":"rollback","version":"1.4.0","outcome":"SUCCEEDED"},' +
            '{"verb":"deploy","version":"1.4.1","outcome":"SUCCEEDED"},' +
            '{"verb":"deploy","version":"1.4.0","outcome":"SUCCEEDED"},' +
            '{"verb":"create","version":"1.3.0","outcome":"FAILED"}]}'

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void ecsDeployParametersOffersTheVersionsThatRanBeforeTheCurrentOne(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer([history: [0, HISTORY]])
        List parameters = p.run("return ecsDeployParameters(stack: 'web')") as List

        assertThat(argvs(p)).containsExactly(['history', '--stack=web', '--output=json'])
        assertThat(parameters*.name).containsExactly('ACTION', 'VERSION', 'ROLLBACK_TO', 'DRY_RUN', 'REASON')
        assertThat(parameters*.type).containsExactly('choice', 'string', 'choice', 'booleanParam', 'string')
        assertThat(parameters[0].choices).isEqualTo(['deploy', 'rollback', 'plan'])
        assertThat(parameters[2].choices).isEqualTo(['', '1.4.0', '1.4.1'])

        p.answer([history: [3, null]])
        List fresh = p.run("return ecsDeployParameters(stack: 'new')") as List
        assertThat(fresh[2].choices).isEqualTo([''])
        assertThat(p.log.last()).startsWith('ecsDeployParameters: no history for new')
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void ecsReleaseDoesWhatTheParametersSay(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer([deploy: [0, SUCCEEDED], plan: [0, '{"plan":{"stack":"web","currentVersion":"1.4.1","version":"1.4.2","unchanged":false,"changes":[]}}'],
                  'rollback --plan': [0, ROLLBACK_PLAN], rollback: [0, SUCCEEDED]])
        p.params.putAll([ACTION: 'deploy', VERSION: '1.4.2', ROLLBACK_TO: '', DRY_RUN: false, REASON: 'weekly release'])
        assertThat(p.run("return ecsRelease(stack: 'web')") as Map).containsEntry('outcome', 'SUCCEEDED')
        assertThat(p.berthCalls().last().argv).contains('--report=.berth/deploy-web-report')
        p.run("ecsRelease(stack: 'web', report: false)")
        assertThat(p.berthCalls().last().argv).containsExactly('deploy', '--stack=web', '--version=1.4.2', '--reason=weekly release',
                '--output=json')

        p.params.DRY_RUN = true
        Map plan = p.run("return ecsRelease(stack: 'web')") as Map
        assertThat(plan).containsEntry('outcome', 'PLANNED').containsEntry('version', '1.4.2')
        assertThat(p.berthCalls().last().argv).containsExactly('plan', '--stack=web', '--version=1.4.2', '--output=json')
        assertThat(p.log.last()).isEqualTo('ecsRelease: web: version 1.4.1 -> 1.4.2')

        p.params.putAll([ACTION: 'rollback', ROLLBACK_TO: '1.4.1', DRY_RUN: false, REASON: ''])
        p.env.BUILD_URL = 'https://ci.example.com/job/web-release/7/'
        p.inputAnswer = 'rita'
        Map rollback = p.run("return ecsRelease(stack: 'web', approvers: 'rita')") as Map
        assertThat(rollback).containsEntry('approvedBy', 'rita')
        assertThat(p.berthCalls().last().argv).containsExactly('rollback', '--stack=web', '--to=1.4.1',
                '--reason=rollback by Jenkins build https://ci.example.com/job/web-release/7/', '--approved-by=rita',
                '--report=.berth/rollback-web-report', '--output=json')

        p.params.putAll([ACTION: 'deploy', VERSION: ''])
        assertThat(failure(p, "ecsRelease(stack: 'web')")).hasMessage("ecsRelease: parameter 'VERSION' is empty: choose the version to deploy")
        p.params.ACTION = 'destroy'
        assertThat(failure(p, "ecsRelease(stack: 'web')")).hasMessage("ecsRelease: parameter 'ACTION' must be deploy, rollback or plan, got 'destroy'")
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void theRollbackGraceIsPassedOnByEveryStepThatDeploys(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer([deploy: [0, SUCCEEDED], 'rollback --plan': [0, ROLLBACK_PLAN], rollback: [0, SUCCEEDED]])
        p.run("ecsDeploy(stack: 'web', version: '1.4.2', timeout: '5m', rollbackGrace: '2m', report: false)")
        assertThat(p.berthCalls().last().argv).containsExactly('deploy', '--stack=web', '--version=1.4.2', '--timeout=5m',
                '--rollback-grace=2m', '--output=json')

        p.run("ecsRollback(stack: 'web', reason: 'r', rollbackGrace: '90s', report: false)")
        assertThat(argvs(p).takeRight(2)).containsExactly(['rollback', '--stack=web', '--plan', '--output=json'],
                ['rollback', '--stack=web', '--to=1.4.1', '--reason=r', '--rollback-grace=90s', '--output=json'])

        p.params.putAll([ACTION: 'deploy', VERSION: '1.4.2', ROLLBACK_TO: '', DRY_RUN: false, REASON: ''])
        p.run("ecsRelease(stack: 'web', rollbackGrace: '3m', report: false)")
        assertThat(p.berthCalls().last().argv).containsExactly('deploy', '--stack=web', '--version=1.4.2', '--rollback-grace=3m',
                '--output=json')
        p.params.putAll([ACTION: 'rollback', ROLLBACK_TO: '1.4.1'])
        p.run("ecsRelease(stack: 'web', rollbackGrace: '4m', report: false)")
        assertThat(p.berthCalls().last().argv).contains('rollback', '--rollback-grace=4m').doesNotContain('--timeout=4m')

        p.run("ecsDeploy(stack: 'web', version: '1.4.2', report: false)")
        assertThat(p.berthCalls().last().argv.findAll { it.startsWith('--rollback-grace') }).as('berth\'s default applies').isEmpty()
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void theBakeTimeAndItsAlarmsArePassedOnToADeploy(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer([deploy: [0, SUCCEEDED]])
        p.run("ecsDeploy(stack: 'web', version: '1.4.2', bakeTime: '10m', alarms: ['web-5xx', 'web-latency'], report: false)")
        assertThat(p.berthCalls().last().argv).containsExactly('deploy', '--stack=web', '--version=1.4.2', '--bake-time=10m',
                '--alarm=web-5xx', '--alarm=web-latency', '--output=json')

        p.run("ecsDeploy(stack: 'web', version: '1.4.2', bakeTime: '90s', alarms: 'a,b', report: false)")
        assertThat(p.berthCalls().last().argv).as('one name, as given').contains('--bake-time=90s', '--alarm=a,b')

        p.params.putAll([ACTION: 'deploy', VERSION: '1.4.2', ROLLBACK_TO: '', DRY_RUN: false, REASON: ''])
        p.run("ecsRelease(stack: 'web', bakeTime: '5m', alarms: ['web-5xx'], report: false)")
        assertThat(p.berthCalls().last().argv).containsExactly('deploy', '--stack=web', '--version=1.4.2', '--bake-time=5m',
                '--alarm=web-5xx', '--output=json')

        int calls = p.berthCalls().size()
        assertThat(failure(p, "ecsDeploy(stack: 'web', version: '1.4.2', alarms: ['web-5xx'])").message)
                .startsWith("ecsDeploy: option 'alarms' is watched during a bake time; give bakeTime too")
        assertThat(failure(p, "ecsDeploy(stack: 'web', version: '1.4.2', bakeTime: 'soon')").message)
                .startsWith("ecsDeploy: option 'bakeTime' must be a duration")
        assertThat(p.berthCalls()).as('nothing ran').hasSize(calls)
    }

    // ---- ecsStatus ----

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void ecsStatusEchoesEachServiceAndReturnsTheStatus(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer([status: [0, '{"stack":"web","services":[{"service":"web-svc","status":"ACTIVE","running":3,"desired":4,"pending":1,"taskDefinition":"arn:aws:ecs:us-east-1:1:task-definition/web:7"}]}']])
        Map status = p.run("return ecsStatus(stack: 'web')") as Map
        assertThat(argvs(p)).containsExactly(['status', '--stack=web', '--output=json'])
        assertThat(p.log).containsExactly('ecsStatus: web-svc ACTIVE: 3/4 running, 1 pending, task definition ' +
                'arn:aws:ecs:us-east-1:1:task-definition/web:7')
        assertThat(status.services).hasSize(1)
    }
}
