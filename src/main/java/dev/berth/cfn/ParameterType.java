package dev.berth.cfn;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parameter's declared Type, and what it means for the value: a string, a number, or a comma-delimited list
 * of either; and whether the value names something in the AWS account.
 */
public final class ParameterType {
    /** The AWS-specific types CloudFormation documents; each also exists as {@code List<...>} except KeyName. */
    private static final Set<String> AWS_SPECIFIC = Set.of(
            "AWS::EC2::AvailabilityZone::Name", "AWS::EC2::Image::Id", "AWS::EC2::Instance::Id",
            "AWS::EC2::KeyPair::KeyName", "AWS::EC2::SecurityGroup::GroupName", "AWS::EC2::SecurityGroup::Id",
            "AWS::EC2::Subnet::Id", "AWS::EC2::Volume::Id", "AWS::EC2::VPC::Id", "AWS::Route53::HostedZone::Id",
            "AWS::SSM::Parameter::Name");
    private static final Pattern LIST = Pattern.compile("List<(.+)>");
    private static final Pattern SSM_VALUE = Pattern.compile("AWS::SSM::Parameter::Value<(.+)>");

    private final String name;
    private final boolean list;
    private final boolean number;
    private final boolean awsSpecific;

    private ParameterType(String name, boolean list, boolean number, boolean awsSpecific) {
        this.name = name;
        this.list = list;
        this.number = number;
        this.awsSpecific = awsSpecific;
    }

    /** The type a template declares; CloudFormation refuses any other spelling. */
    public static ParameterType of(String name) {
        switch (name) {
            case "String":
                return new ParameterType(name, false, false, false);
            case "Number":
                return new ParameterType(name, false, true, false);
            case "List<Number>":
                return new ParameterType(name, true, true, false);
            case "CommaDelimitedList":
                return new ParameterType(name, true, false, false);
            default:
                break;
        }
        if (AWS_SPECIFIC.contains(name)) {
            return new ParameterType(name, false, false, true);
        }
        Matcher list = LIST.matcher(name);
        if (list.matches() && AWS_SPECIFIC.contains(list.group(1)) && !list.group(1).endsWith("::KeyName")) {
            return new ParameterType(name, true, false, true);
        }
        Matcher ssm = SSM_VALUE.matcher(name);
        if (ssm.matches() && storedInSsm(ssm.group(1))) {
            // the value given is taken as the parameter's resolved value, so it is not an account lookup here
            String stored = ssm.group(1);
            return new ParameterType(name, stored.startsWith("List<") || stored.equals("CommaDelimitedList"),
                    false, false);
        }
        throw TemplateException.formatError("Unrecognized parameter type: " + name);
    }

    private static boolean storedInSsm(String type) {
        if (type.equals("String") || type.equals("CommaDelimitedList") || AWS_SPECIFIC.contains(type)) {
            return true;
        }
        Matcher list = LIST.matcher(type);
        return list.matches() && (list.group(1).equals("String") || AWS_SPECIFIC.contains(list.group(1)));
    }

    public String name() {
        return name;
    }

    /** The value is a comma-delimited list; a Ref to the parameter gives a JSON array. */
    public boolean isList() {
        return list;
    }

    /** The value (each element, for a list) must be a number. */
    public boolean isNumber() {
        return number;
    }

    /** The value names something in the account (a key pair, a subnet...), so it cannot be empty. */
    public boolean isAwsSpecific() {
        return awsSpecific;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParameterType && name.equals(((ParameterType) other).name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
