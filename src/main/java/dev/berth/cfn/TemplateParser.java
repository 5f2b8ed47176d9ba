package dev.berth.cfn;

/**
 * Parses a CloudFormation template, JSON or YAML, into a {@link Template}, and validates it as CloudFormation does
 * before it knows any parameter value: sections, resource and parameter types, and what the template refers to.
 */
public final class TemplateParser {
    private TemplateParser() {
    }

    /**
     * @throws TemplateException with CloudFormation's ValidationError message, e.g.
     *                           "Template format error: At least one Resources member must be defined."
     */
    public static Template parse(String body) {
        Template template = TemplateStructure.read(body, TemplateBodyReader.read(body));
        ReferenceValidator.validate(template);
        return template;
    }
}
