package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Refuses what CloudFormation refuses once it looks up the resource types a template names: types it does not
 * know, and Fn::GetAtt attributes (also dotted Fn::Sub variables) that a type does not have. Runs after
 * {@link TemplateParser#parse}, whose reference checks come first. A template with a Transform other than
 * AWS::LanguageExtensions (SAM, AWS::Include, macros) is left alone: the facts describe the template such a
 * transform produces, not the one it is given.
 */
public final class ResourceTypeValidator {
    private static final String LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions";
    private ResourceTypeValidator() {
    }

    /** @throws TemplateException with CloudFormation's ValidationError message */
    public static void validate(Template template) {
        validate(template, ResourceTypes.bundled());
    }

    static void validate(Template template, ResourceTypes types) {
        if (template.transform().stream().anyMatch(name -> !name.equals(LANGUAGE_EXTENSIONS))) {
            return;
        }
        List<String> unrecognized = new ArrayList<>();
        for (ResourceDeclaration resource : template.resources().values()) {
            if (!types.isKnown(resource.type()) && !unrecognized.contains(resource.type())) {
                unrecognized.add(resource.type());
            }
        }
        if (!unrecognized.isEmpty()) {
            throw TemplateException.formatError("Unrecognized resource types: " + unrecognized);
        }
        ReferenceWalker.Visitor attributes = new ReferenceWalker.Visitor() {
            @Override
            public void getAtt(String resource, JsonNode attribute) {
                ResourceDeclaration declaration = template.resources().get(resource);
                if (declaration != null && attribute.isTextual()
                        && !types.supportsAttribute(declaration.type(), attribute.textValue())) {
                    throw TemplateException.templateError("resource " + resource + " does not support attribute type "
                            + attribute.textValue() + " in Fn::GetAtt");
                }
            }
        };
        for (ResourceDeclaration resource : template.resources().values()) {
            resource.evaluatedParts().forEach(part -> ReferenceWalker.walk(part, ReferenceWalker.Branches.ALL, attributes));
        }
        for (OutputDeclaration output : template.outputs().values()) {
            ReferenceWalker.walk(output.value(), ReferenceWalker.Branches.ALL, attributes);
            output.exportName().ifPresent(name -> ReferenceWalker.walk(name, ReferenceWalker.Branches.ALL, attributes));
        }
    }
}
