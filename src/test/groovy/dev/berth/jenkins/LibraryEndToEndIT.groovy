package dev.berth.jenkins

import com.fasterxml.jackson.databind.ObjectMapper
import dev.berth.cli.DockerSaveArchive
import dev.berth.testing.CliRun
import dev.berth.testing.SimFixture
import dev.berth.testing.StackFixture
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.catchThrowable

/**
 * The library as a Jenkins pipeline runs it (CPS), with every sh really running the packaged
 * target/berth.jar in bash against berth sim: deploys, a rolled-back release, an approved
 * rollback, and the build parameters offered from the history.
 */
class LibraryEndToEndIT {
    static final Path JAR = Paths.get('target', 'berth.jar').toAbsolutePath()
    static SimFixture sim

    @BeforeAll
    static void start() {
        assertThat(JAR).as('target/berth.jar is built by mvn package').exists()
        sim = SimFixture.start(40)
    }

    @AfterAll
    static void stop() {
        sim.close()
    }

    static PipelineHarness pipeline() {
        PipelineHarness p = new PipelineHarness(PipelineHarness.Mode.CPS).setUp()
        String java = Paths.get(System.getProperty('java.home'), 'bin').toString()
        p.runShForReal([AWS_ENDPOINT_URL: sim.endpoint(), AWS_REGION: SimFixture.REGION, AWS_ACCESS_KEY_ID: 'jenkins',
                        AWS_SECRET_ACCESS_KEY: 'jenkins', AWS_EC2_METADATA_DISABLED: 'true', PATH: "${java}:/usr/bin:/bin".toString(),
                        HOME: p.workspace.toString()])
        p.env.BERTH_HOME = JAR.parent.toString()
        p.env.BUILD_USER_ID = 'alice'
        p.env.BUILD_URL = 'https://ci.example.com/job/web/3/'
        return p
    }

    static Throwable abortOf(Throwable thrown) {
        while (thrown != null && !(thrown instanceof PipelineHarness.Abort) && thrown.cause != null && thrown.cause != thrown) {
            thrown = thrown.cause
        }
        return thrown
    }

    @Test
    void deployCrashRollbackWithApprovalAndTheParametersFromHistory() {
        String stack = StackFixture.clusterAndService(sim, 'jenkins', [DesiredCount: '2'])
        PipelineHarness p = pipeline()
        p.variable('stack', stack)

        Map good = p.run("return ecsDeploy(stack: stack, version: '2')") as Map
        assertThat(good).containsEntry('outcome', 'SUCCEEDED').containsEntry('previousVersion', '1').containsEntry('version', '2')
        String report = ".berth/deploy-${stack}-report".toString()
        assertThat(p.currentBuild.description as String).isEqualTo(("${stack}: 1 → 2 SUCCEEDED (<a href=\"" +
                "https://ci.example.com/job/web/3/artifact/${report}/report.html\">report</a>)").toString())
        assertThat(p.workspace.resolve(good.resultFile as String)).exists()
        assertThat(good.reportPath).isEqualTo("${report}/report.html".toString())
        assertThat(p.archived*.artifacts).contains("${report}/**".toString())
        ['result.json', 'timeline.svg', 'report.html'].each { assertThat(p.workspace.resolve(report).resolve(it)).isNotEmptyFile() }
        assertThat(new String(Files.readAllBytes(p.workspace.resolve(report).resolve('report.html')), 'UTF-8'))
                .contains('>SUCCEEDED<').contains('1 → 2')

        Throwable crash = abortOf(catchThrowable { p.run("ecsDeploy(stack: stack, version: '3-crash')") })
        assertThat(crash).isInstanceOf(PipelineHarness.Abort)
        assertThat(crash.message).startsWith("ecsDeploy: version 3-crash of ${stack} failed and was rolled back; " +
                "the service is safe on version 2.")

        p.inputAnswer = 'rita'
        Map rollback = p.run("return ecsRollback(stack: stack, to: '1', reason: 'customer report', approvers: ['rita'])") as Map
        assertThat(rollback).containsEntry('outcome', 'SUCCEEDED').containsEntry('approvedBy', 'rita')
        assertThat(p.inputs*.message*.toString()).containsExactly("Roll back ${stack} from 2 to 1?".toString())
        assertThat(rollback).containsEntry('who', 'alice').containsEntry('why', 'customer report')
        assertThat(p.currentBuild.description as String).startsWith("${stack}: 2 → 1 SUCCEEDED (approved by rita): customer report (<a href=".toString())
        assertThat(new String(Files.readAllBytes(p.workspace.resolve(rollback.reportPath as String)), 'UTF-8'))
                .contains('approved by rita').contains('customer report')
        assertThat(p.archived*.artifacts).contains('.berth/rollback-' + stack + '.json')

        CliRun history = CliRun.against(sim, 'history', '--stack', stack, '--output', 'json')
        def latest = new ObjectMapper().readTree(history.stdout()).path('entries').get(0)
        assertThat(latest.path('verb').asText()).isEqualTo('rollback')
        assertThat(latest.path('who').asText()).isEqualTo('alice')
        assertThat(latest.path('approvedBy').asText()).isEqualTo('rita')

        List parameters = p.run("return ecsDeployParameters(stack: stack)") as List
        assertThat(parameters.find { it.name == 'ROLLBACK_TO' }.choices).isEqualTo(['', '2'])
    }

    @Test
    void ecsDeployPushesAnArchiveFirstAndDeploysItByDigest() {
        Path tar = DockerSaveArchive.write(Files.createTempFile('release', '.tar'), 'release 1')
        CliRun first = CliRun.against(sim, 'push', '--repository', 'team/jenkins', '--tag', '1', '--tar', tar.toString())
        assertThat(first.exitCode()).as(first.stderr()).isZero()
        String repository = sim.server().registry().host() + '/team/jenkins'
        String stack = StackFixture.clusterAndService(sim, 'pushed', [Repository: repository])
        PipelineHarness p = pipeline()
        p.variable('stack', stack)
        p.variable('release', DockerSaveArchive.write(p.workspace.resolve('release.tar'), 'release 2').toString())

        Map result = p.run("return ecsDeploy(stack: stack, version: '2', push: [repository: 'team/jenkins', tar: release])") as Map
        assertThat(result).containsEntry('outcome', 'SUCCEEDED')
        assertThat(result.push.digest as String).matches('sha256:[0-9a-f]{64}')
        assertThat(result.digest).isEqualTo(result.push.digest)
        assertThat(result.image as String).isEqualTo(repository + ':2')

        Map status = p.run("return ecsStatus(stack: stack)") as Map
        assertThat(status.services).hasSize(1)
        assertThat(p.log.find { it.startsWith('ecsStatus: ') } as String).contains('ACTIVE: 2/2 running')
    }

    @Test
    void hostileValuesStayValuesWithTheRealBerth() {
        String stack = StackFixture.clusterAndService(sim, 'hostile', [DesiredCount: '1'])
        PipelineHarness p = pipeline()
        String secret = 'wJalrXUtnFEMI/K7MDENG/SECRETKEYEXAMPLE'
        Files.createDirectories(p.workspace.resolve('.aws'))
        Files.write(p.workspace.resolve('.aws/credentials'), "[default]\naws_secret_access_key = ${secret}\n".toString().bytes)
        Path args = p.workspace.resolve('args')
        Files.write(args, '2 --endpoint-url=http://127.0.0.1:9\n'.bytes)
        p.variable('stack', stack)

        for (String version : ['@' + args, '--endpoint-url=http://127.0.0.1:9']) {
            p.variable('version', version)
            Throwable refused = abortOf(catchThrowable { p.run("ecsDeploy(stack: stack, version: version)") })
            assertThat(refused.message).as(version).startsWith("ecsDeploy: ${stack}: berth rejected the options (exit 2); berth said: ".toString())
                    .contains("'--version'").contains(version)
        }

        p.variable('reason', '@~/.aws/credentials')
        Map deployed = p.run("return ecsDeploy(stack: stack, version: '2', reason: reason)") as Map
        assertThat(deployed).containsEntry('outcome', 'SUCCEEDED').containsEntry('previousVersion', '1')
        assertThat(deployed.why).as('the reason berth recorded').isEqualTo('@~/.aws/credentials')
        assertThat(p.log.findAll { it.contains(secret) }).as('the credentials file was never read into the log').isEmpty()
        assertThat(p.currentBuild.description as String).contains('@~/.aws/credentials')
    }
}
