package dev.berth.jenkins

import org.junit.jupiter.api.Test

import java.nio.file.Files
import java.nio.file.Path
import java.util.regex.Matcher

import static org.assertj.core.api.Assertions.assertThat

/**
 * Jenkins shows vars/x.txt in its Global Variable Reference: every step has one, and it gives each
 * option of the step's defaults (and the common ones) with its type, its default (the one in the
 * code) or that it is required, and an example.
 */
class VarsHelpTest {
    static final Path VARS = PipelineHarness.repositoryRoot().resolve('vars')
    static final List<String> COMMON = ['cli', 'tool', 'region', 'profile', 'roleArn', 'endpointUrl']
    static final List<String> TYPES = ['String', 'String (a duration)', 'boolean', 'int (or a String of digits)', 'Map',
                                       'List of String', "List of String, or a String <code>'a,b'</code>"]

    /** The keys of a step's option map: the lines {@code key: default, // what it means} of a defaults method. */
    static List<String> optionKeys(String source, String method) {
        return defaultsOf(source, method).keySet() as List<String>
    }

    /** key -> the default as written in the code, from the lines {@code key: default, // what it means}. */
    static Map<String, String> defaultsOf(String source, String method) {
        int start = source.indexOf("Map ${method}() {")
        assertThat(start).as("${method}() in the step").isNotNegative()
        String body = source.substring(start, source.indexOf('\n}', start))
        Map<String, String> defaults = [:]
        (body =~ /(?m)^\s+(\w+)\s*:\s*(.*?),\s*\/\/ .+$/).each { defaults[it[1] as String] = (it[2] as String).trim() }
        return defaults
    }

    /** The required options: the list the step hands to berthCli.options. */
    static List<String> requiredOf(String source) {
        Matcher m = source =~ /berthCli\.options\('\w+', given, defaults\(\), \[([^\]]*)\]\)/
        assertThat(m.find()).as('the call of berthCli.options').isTrue()
        return (m.group(1) =~ /'(\w+)'/).collect { it[1] as String }
    }

    static String read(Path path) {
        return new String(Files.readAllBytes(path), 'UTF-8')
    }

    @Test
    void everyStepHasAHelpPageGivingEachOptionsTypeDefaultAndExample() {
        List<Path> steps = Files.list(VARS).findAll { it.fileName.toString().endsWith('.groovy') }.sort()
        assertThat(steps*.fileName*.toString()).contains('ecsDeploy.groovy', 'ecrPush.groovy', 'ecsRollback.groovy',
                'ecsDeployParameters.groovy', 'ecsRelease.groovy', 'ecsStatus.groovy')
        Map<String, String> common = defaultsOf(read(VARS.resolve('berthCli.groovy')), 'commonDefaults')
        assertThat(common.keySet()).containsExactlyElementsOf(COMMON)
        int documented = 0
        for (Path step : steps) {
            String name = step.fileName.toString().replace('.groovy', '')
            Path help = VARS.resolve(name + '.txt')
            assertThat(help).as("vars/${name}.txt").exists()
            String text = read(help)
            assertThat(text.trim()).as("vars/${name}.txt").isNotEmpty().contains(name)
            if (name.startsWith('berth')) {
                continue // the plumbing: no options of its own
            }
            String source = read(step)
            Map<String, String> defaults = defaultsOf(source, 'defaults') + common
            List<String> required = requiredOf(source)
            for (Map.Entry<String, String> option : defaults.entrySet()) {
                checkOption(name, text, option.key, option.value, required.contains(option.key))
                documented++
            }
        }
        assertThat(documented).isGreaterThan(60)
    }

    static void checkOption(String step, String text, String option, String codeDefault, boolean required) {
        String what = "vars/${step}.txt, option ${option}"
        Matcher m = text =~ /(?s)<li><code>${option}<\/code> \(([^;]+); (required|default: (.+?))\): (.+?)<\/li>/
        assertThat(m.find()).as("${what}: <li><code>${option}</code> (type; default: …): … Example: …</li>").isTrue()
        String type = m.group(1)
        assertThat(TYPES).as("${what}: its type").contains(type)
        if (required) {
            assertThat(m.group(2)).as("${what} is required").isEqualTo('required')
        } else {
            assertThat(m.group(2)).as("${what} has a default").startsWith('default: ')
            if (codeDefault != 'null') {
                assertThat(m.group(3)).as("${what}: the default in the code").startsWith("<code>${codeDefault}</code>")
            }
        }
        if (codeDefault in ['true', 'false']) {
            assertThat(type).as("${what}: a boolean").isEqualTo('boolean')
        }
        assertThat(m.group(4)).as("${what}: an example").contains("Example: <code>${option}: ")
        assertThat(text.indexOf("<li><code>${option}</code> (")).as("${what} given once").isEqualTo(text.lastIndexOf("<li><code>${option}</code> ("))
    }
}
