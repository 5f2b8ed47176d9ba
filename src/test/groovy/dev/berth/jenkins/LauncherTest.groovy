package dev.berth.jenkins

import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource

import java.nio.file.Files
import java.nio.file.Path

import static org.assertj.core.api.Assertions.assertThat

/**
 * Where the steps find berth, on a real file system: cli (a launcher, or a jar with bin/berth beside
 * it), BERTH_HOME, the tool installation's home (or the one berth-* folder an extracting installer
 * left in it), then PATH; the distribution's bin/berth is preferred to java -jar wherever berth comes from.
 */
class LauncherTest {
    static final String STATUS = '{"services":[]}'

    static PipelineHarness harness(PipelineHarness.Mode mode) {
        PipelineHarness p = new PipelineHarness(mode).setUp()
        p.answer([status: [0, STATUS]])
        return p
    }

    /** A berth distribution: home/berth.jar, and home/bin/berth when {@code launcher}. */
    static Path distribution(Path home, boolean launcher) {
        Files.createDirectories(home)
        Files.write(home.resolve('berth.jar'), new byte[0])
        if (launcher) {
            Files.createDirectories(home.resolve('bin'))
            Files.write(home.resolve('bin/berth'), '#!/bin/sh\n'.bytes)
        }
        return home
    }

    static List<String> launcherOf(PipelineHarness p, String pipeline) {
        p.run(pipeline)
        return p.berthCalls().last().launcher
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void cliRunsALauncherAsItIsAndAJarThroughTheLauncherBesideIt(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        Path dist = distribution(Files.createTempDirectory('berth-dist'), true)
        Path bare = distribution(Files.createTempDirectory('berth-bare'), false)
        p.env.BERTH_HOME = dist.toString() // cli comes first
        p.variable('cli', '/usr/local/bin/berth')
        assertThat(launcherOf(p, "ecsStatus(stack: 'web', cli: cli)")).containsExactly('/usr/local/bin/berth')
        p.variable('cli', dist.resolve('berth.jar').toString())
        assertThat(launcherOf(p, "ecsStatus(stack: 'web', cli: cli)")).containsExactly(dist.resolve('bin/berth').toString())
        p.variable('cli', bare.resolve('berth.jar').toString())
        assertThat(launcherOf(p, "ecsStatus(stack: 'web', cli: cli)")).containsExactly('java', '-jar', bare.resolve('berth.jar').toString())
        assertThat(p.shCalls*.script.findAll { it.startsWith('command -v') }).isEmpty()
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void berthHomeComesBeforeTheTool(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        Path dist = distribution(Files.createTempDirectory('berth-dist'), true)
        p.toolHome = distribution(Files.createTempDirectory('berth-tool'), true).toString()
        p.env.BERTH_HOME = dist.toString()
        assertThat(launcherOf(p, "ecsStatus(stack: 'web')")).containsExactly(dist.resolve('bin/berth').toString())
        p.env.BERTH_HOME = distribution(Files.createTempDirectory('berth-bare'), false).toString()
        assertThat(launcherOf(p, "ecsStatus(stack: 'web')")).containsExactly('java', '-jar', "${p.env.BERTH_HOME}/berth.jar".toString())
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void theToolsHomeOrTheOneBerthFolderAnInstallerExtractedIntoIt(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        Path home = distribution(Files.createTempDirectory('berth-tool'), true)
        p.toolHome = home.toString()
        assertThat(launcherOf(p, "ecsStatus(stack: 'web')")).containsExactly(home.resolve('bin/berth').toString())

        Path extracted = Files.createTempDirectory('berth-tool')
        distribution(extracted.resolve('berth-1.4.2'), true)
        p.toolHome = extracted.toString()
        assertThat(launcherOf(p, "ecsStatus(stack: 'web')")).containsExactly(extracted.resolve('berth-1.4.2/bin/berth').toString())

        distribution(extracted.resolve('berth-1.5.0'), true)
        assertThat(launcherOf(p, "ecsStatus(stack: 'web')")).as('two berth folders: neither is taken')
                .containsExactly('java', '-jar', extracted.resolve('berth.jar').toString())

        Path jarOnly = Files.createTempDirectory('berth-tool')
        distribution(jarOnly.resolve('berth-1.4.2'), false)
        p.toolHome = jarOnly.toString()
        p.variable('tool', 'berth-1.4')
        assertThat(launcherOf(p, "ecsStatus(stack: 'web', tool: tool)")).containsExactly('java', '-jar',
                jarOnly.resolve('berth-1.4.2/berth.jar').toString())
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void pathLastAndASayingFailureWhenBerthIsNowhere(PipelineHarness.Mode mode) {
        PipelineHarness p = new PipelineHarness(mode).setUp()
        boolean onPath = true
        p.sh = { PipelineHarness.ShCall call ->
            if (call.script.startsWith('command -v')) {
                return onPath ? 0 : 1
            }
            p.writeResult(PipelineHarness.parse(call.script), STATUS)
            return 0
        }
        assertThat(launcherOf(p, "ecsStatus(stack: 'web')")).containsExactly('berth')
        assertThat(p.shCalls*.script).contains('command -v berth >/dev/null 2>&1')
        onPath = false
        assertThat(LibraryStepsTest.failure(p, "ecsStatus(stack: 'web')")).hasMessage("ecsStatus: berth was not found on " +
                "this agent: pass cli: '/path/to/berth' (or berth.jar), set BERTH_HOME to berth's folder (bin/berth, " +
                "berth.jar), configure a 'berth' tool installation, or put berth on PATH")
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void aCliOrToolThatIsNotAStringIsRefusedNotSwallowed(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.toolHome = distribution(Files.createTempDirectory('berth-tool'), true).toString()
        assertThat(LibraryStepsTest.failure(p, "ecsStatus(stack: 'web', tool: ['berth'])"))
                .hasMessage("ecsStatus: option 'tool' must be a string, got [berth] (ArrayList)")
        assertThat(LibraryStepsTest.failure(p, "ecsStatus(stack: 'web', tool: [name: 'berth'])"))
                .hasMessage("ecsStatus: option 'tool' must be a string, got [name:berth] (LinkedHashMap)")
        assertThat(LibraryStepsTest.failure(p, "ecsStatus(stack: 'web', tool: 7)"))
                .hasMessage("ecsStatus: option 'tool' must be a string, got 7 (Integer)")
        assertThat(LibraryStepsTest.failure(p, "ecsStatus(stack: 'web', cli: 7)"))
                .hasMessage("ecsStatus: option 'cli' must be a string, got 7 (Integer)")
        assertThat(p.shCalls).isEmpty()
    }
}
