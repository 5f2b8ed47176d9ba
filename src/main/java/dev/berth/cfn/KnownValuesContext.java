package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A template evaluated before an update, from the facts berth can read: what only CloudFormation knows at update
 * time (exports, SSM values, most resource attributes, masked NoEcho values) throws {@link UnknownValueException}.
 */
final class KnownValuesContext implements EvaluationContext {
    private static final String SSM_TYPE = "AWS::SSM::Parameter::Value<";

    private final Template template;
    private final StackFacts facts;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<String, Boolean> conditions;

    KnownValuesContext(Template template, StackFacts facts) {
        this.template = template;
        this.facts = facts;
        facts.currentParameters().forEach((name, value) -> {
            ParameterDeclaration declaration = template.parameters().get(name);
            if (declaration != null && !declaration.noEcho() && !declaration.type().name().startsWith(SSM_TYPE)) {
                parameters.put(name, value);
            }
        });
        parameters.putAll(facts.newParameters());
        this.conditions = ConditionEvaluator.evaluate(template, this);
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public RuntimeException missingParameter(String name) {
        ParameterDeclaration declaration = template.parameters().get(name);
        if (declaration != null && declaration.type().name().startsWith(SSM_TYPE)) {
            return new UnknownValueException("parameter " + name + " is read from SSM Parameter Store when the stack "
                    + "is updated (" + declaration.type().name() + ")");
        }
        if (declaration != null && declaration.noEcho()) {
            return new UnknownValueException("parameter " + name + " is NoEcho: its value is not shown");
        }
        return new UnknownValueException("parameter " + name + " has no value");
    }

    @Override
    public String accountId() {
        return facts.accountId();
    }

    @Override
    public String region() {
        return facts.region();
    }

    @Override
    public String stackName() {
        return facts.stackName();
    }

    @Override
    public String stackId() {
        return facts.stackId();
    }

    @Override
    public Map<String, Boolean> conditions() {
        return conditions;
    }

    @Override
    public String physicalId(String logicalId) {
        String id = facts.physicalIds().get(logicalId);
        if (id == null) {
            throw new UnknownValueException("resource " + logicalId + " does not exist yet");
        }
        return id;
    }

    /** Only an ECR repository's address can be known ahead: it follows from its name, account and region. */
    @Override
    public JsonNode attribute(String logicalId, String attribute) {
        ResourceDeclaration resource = template.resources().get(logicalId);
        if (resource != null && resource.type().equals("AWS::ECR::Repository") && attribute.equals("RepositoryUri")) {
            return JsonNodeFactory.instance.textNode(accountId() + ".dkr.ecr." + region() + "." + urlSuffix() + "/"
                    + physicalId(logicalId));
        }
        throw new UnknownValueException("Fn::GetAtt " + logicalId + "." + attribute + " is known only to CloudFormation");
    }

    @Override
    public Optional<String> exportedValue(String exportName) {
        throw new UnknownValueException("Fn::ImportValue " + exportName + " reads another stack's export");
    }
}
