package dev.berth.jenkins

import dev.berth.testing.Distribution
import dev.berth.testing.SimFixture
import dev.berth.testing.StackFixture
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.concurrent.TimeUnit

import static org.assertj.core.api.Assertions.assertThat

/**
 * A step run the way an agent installed from the distribution runs it: BERTH_HOME is the unpacked
 * berth-VERSION folder, and the step starts its launcher, bin/berth, against berth sim.
 */
class LibraryDistributionIT {
    static SimFixture sim
    static Path home

    @BeforeAll
    static void start() {
        home = Distribution.unpack(Files.createTempDirectory('berth-distribution'))
        sim = SimFixture.start(40)
    }

    @AfterAll
    static void stop() {
        sim?.close()
    }

    @Test
    void ecsStatusRunsTheLauncherFromBerthHome() {
        String stack = StackFixture.clusterAndService(sim, 'dist', [DesiredCount: '1'])
        PipelineHarness p = new PipelineHarness(PipelineHarness.Mode.CPS).setUp()
        String java = Paths.get(System.getProperty('java.home'), 'bin').toString()
        Path cache = p.workspace.resolve('.cache')
        p.runShForReal([AWS_ENDPOINT_URL: sim.endpoint(), AWS_REGION: SimFixture.REGION, AWS_ACCESS_KEY_ID: 'jenkins',
                        AWS_SECRET_ACCESS_KEY: 'jenkins', AWS_EC2_METADATA_DISABLED: 'true', PATH: "${java}:/usr/bin:/bin".toString(),
                        HOME: p.workspace.toString(), XDG_CACHE_HOME: cache.toString(), JAVA_HOME: System.getProperty('java.home')])
        p.env.BERTH_HOME = home.toString()
        p.variable('stack', stack)

        Map status = p.run("return ecsStatus(stack: stack)") as Map
        assertThat(status.services).hasSize(1)
        assertThat(p.log.find { it.startsWith('ecsStatus: ') } as String).contains('ACTIVE: 1/1 running')
        assertThat(p.berthCommands()).hasSize(1)
        assertThat(p.berthCommands()[0]).contains("${home}/bin/berth".toString())

        // the launcher, unlike java -jar, leaves its start-up cache behind after a status
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3)
        while (System.nanoTime() < deadline && !cached(cache)) {
            Thread.sleep(500)
        }
        assertThat(cached(cache)).as('a start-up cache under %s', cache).isTrue()
    }

    static boolean cached(Path cache) {
        Path folder = cache.resolve('berth')
        return Files.isDirectory(folder) && folder.toFile().list().any { it ==~ /berth-.+\.(cds|aot)/ }
    }
}
