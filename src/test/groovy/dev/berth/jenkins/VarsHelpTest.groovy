package dev.berth.jenkins

import org.junit.jupiter.api.Test

import java.nio.file.Files
import java.nio.file.Path

import static org.assertj.core.api.Assertions.assertThat

/** Jenkins shows vars/x.txt in its Global Variable Reference: every step has one, and it names every option. */
class VarsHelpTest {
    static final Path VARS = PipelineHarness.repositoryRoot().resolve('vars')
    static final List<String> COMMON = ['cli', 'tool', 'region', 'profile', 'roleArn', 'endpointUrl']

    /** The keys of a step's option map: the lines {@code key: default, // what it means} of a defaults method. */
    static List<String> optionKeys(String source, String method) {
        int start = source.indexOf("Map ${method}() {")
        assertThat(start).as("${method}() in the step").isNotNegative()
        String body = source.substring(start, source.indexOf('\n}', start))
        return (body =~ /(?m)^\s+(\w+)\s*:\s*.*\/\/ .+$/).collect { it[1] as String }
    }

    @Test
    void everyStepHasAHelpPageNamingEachOfItsOptions() {
        List<Path> steps = Files.list(VARS).findAll { it.fileName.toString().endsWith('.groovy') }.sort()
        assertThat(steps*.fileName*.toString()).contains('ecsDeploy.groovy', 'ecrPush.groovy', 'ecsRollback.groovy',
                'ecsDeployParameters.groovy', 'ecsRelease.groovy', 'ecsStatus.groovy')
        List<String> common = optionKeys(new String(Files.readAllBytes(VARS.resolve('berthCli.groovy')), 'UTF-8'), 'commonDefaults')
        assertThat(common).containsExactly('cli', 'tool', 'region', 'profile', 'roleArn', 'endpointUrl')

        for (Path step : steps) {
            String name = step.fileName.toString().replace('.groovy', '')
            Path help = VARS.resolve(name + '.txt')
            assertThat(help).as("vars/${name}.txt").exists()
            String text = new String(Files.readAllBytes(help), 'UTF-8')
            assertThat(text.trim()).as("vars/${name}.txt").isNotEmpty().contains(name)
            if (name == 'berthCli') {
                continue
            }
            List<String> options = optionKeys(new String(Files.readAllBytes(step), 'UTF-8'), 'defaults') + common
            assertThat(options).as("options of ${name}").isNotEmpty()
            for (String option : options) {
                assertThat(text).as("vars/${name}.txt names option ${option}").contains("<code>${option}</code>")
            }
        }
    }
}
