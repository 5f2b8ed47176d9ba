package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a YAML template into the JSON tree CloudFormation works on, with every short-form tag ({@code !Ref},
 * {@code !Sub}, ...) turned into its long form ({@code {"Ref": ...}}, {@code {"Fn::Sub": ...}}).
 *
 * <p>Scalars are typed the way CloudFormation types them, which is YAML 1.1: unquoted {@code yes/no/on/off} (any
 * case variant SnakeYAML accepts) are booleans, as AWS documents for {@code aws cloudformation package}
 * (aws/aws-cli#5257: "CloudFormation treats unquoted values that are YAML 1.1 native booleans as booleans").
 * Timestamps stay the text written, so {@code AWSTemplateFormatVersion: 2010-09-09} is the string "2010-09-09".
 * Decimal numbers keep the digits written; YAML 1.1's other number spellings (0x1F, 017, 1_000, 1:30) stay
 * strings, because nothing says CloudFormation converts them.
 *
 * <p>Duplicate keys are not an error: CloudFormation accepts them and the last one wins, for YAML and JSON alike
 * (aws-cloudformation/cfn-language-discussion#96, go-to-k/cdk-real-drift#1074 measured with validate-template).
 */
final class YamlTemplateReader {
    /** SnakeYAML's own default; enough for templates, far too few for a billion-laughs expansion. */
    private static final int MAX_ALIASES_FOR_COLLECTIONS = 50;
    private static final int MAX_NESTING_DEPTH = 100;
    /** CloudFormation takes at most 1 MB of template (from S3); anything longer is not a template. */
    private static final int MAX_CODE_POINTS = 1024 * 1024;
    /** Caps what aliases can expand to, whatever the alias count. */
    private static final int MAX_NODES = 250_000;

    private static final Map<String, String> SHORT_FORMS = Map.ofEntries(
            Map.entry("!Ref", Intrinsics.REF),
            Map.entry("!Condition", Intrinsics.CONDITION),
            Map.entry("!GetAtt", Intrinsics.GET_ATT),
            Map.entry("!Sub", Intrinsics.SUB),
            Map.entry("!Join", Intrinsics.JOIN),
            Map.entry("!If", Intrinsics.IF),
            Map.entry("!Equals", Intrinsics.EQUALS),
            Map.entry("!Not", Intrinsics.NOT),
            Map.entry("!And", Intrinsics.AND),
            Map.entry("!Or", Intrinsics.OR),
            Map.entry("!FindInMap", Intrinsics.FIND_IN_MAP),
            Map.entry("!ImportValue", Intrinsics.IMPORT_VALUE),
            Map.entry("!Select", Intrinsics.SELECT),
            Map.entry("!Split", Intrinsics.SPLIT),
            Map.entry("!GetAZs", Intrinsics.GET_AZS),
            Map.entry("!Base64", Intrinsics.BASE64),
            Map.entry("!Cidr", Intrinsics.CIDR),
            Map.entry("!Length", Intrinsics.LENGTH),
            Map.entry("!ToJsonString", Intrinsics.TO_JSON_STRING));

    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "on");
    private static final Pattern DECIMAL_INTEGER = Pattern.compile("[-+]?(0|[1-9][0-9]*)");
    private static final Pattern DECIMAL_FRACTION = Pattern.compile("[-+]?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    JsonNode read(String body) {
        Node root;
        try {
            root = new Yaml(loaderOptions()).compose(new StringReader(body));
        } catch (MarkedYAMLException e) {
            throw notWellFormed(e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark());
        } catch (YAMLException e) {
            // alias and size limits carry no position
            throw TemplateException.formatError("YAML not well-formed.");
        }
        if (root == null) {
            throw TemplateException.formatError("unsupported structure.");
        }
        return new Conversion().convert(root);
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    /** CloudFormation counts lines and columns from 1 (unconfirmed for columns); SnakeYAML from 0. */
    private static TemplateException notWellFormed(Mark mark) {
        if (mark == null) {
            return TemplateException.formatError("YAML not well-formed.");
        }
        return TemplateException.formatError(
                "YAML not well-formed. (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")");
    }

    /** One conversion of a composed document: guards against aliases that refer to themselves or expand too far. */
    private final class Conversion {
        private final Set<Node> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
        private int converted;

        JsonNode convert(Node node) {
            if (++converted > MAX_NODES || !onPath.add(node)) {
                throw notWellFormed(node.getStartMark());
            }
            try {
                String tag = node.getTag().getValue();
                if (tag.startsWith("!")) {
                    return shortForm(node, tag);
                }
                return plain(node);
            } finally {
                onPath.remove(node);
            }
        }

        private JsonNode plain(Node node) {
            if (node instanceof ScalarNode) {
                return scalar((ScalarNode) node);
            }
            if (node instanceof SequenceNode) {
                ArrayNode array = nodes.arrayNode();
                for (Node item : ((SequenceNode) node).getValue()) {
                    array.add(convert(item));
                }
                return array;
            }
            ObjectNode object = nodes.objectNode();
            for (NodeTuple tuple : ((MappingNode) node).getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode)) {
                    throw notWellFormed(tuple.getKeyNode().getStartMark());
                }
                // a repeated key replaces the earlier value, as CloudFormation does
                object.set(((ScalarNode) tuple.getKeyNode()).getValue(), convert(tuple.getValueNode()));
            }
            return object;
        }

        private JsonNode shortForm(Node node, String tag) {
            String function = SHORT_FORMS.get(tag);
            if (function == null) {
                // unconfirmed: how CloudFormation words an unknown tag
                throw notWellFormed(node.getStartMark());
            }
            JsonNode argument;
            if (node instanceof ScalarNode) {
                String text = ((ScalarNode) node).getValue();
                argument = function.equals(Intrinsics.GET_ATT) ? getAttArguments(text) : nodes.textNode(text);
            } else if (function.equals(Intrinsics.REF) || function.equals(Intrinsics.CONDITION)) {
                throw notWellFormed(node.getStartMark());
            } else {
                argument = plain(node);
            }
            return nodes.objectNode().set(function, argument);
        }

        /** {@code !GetAtt Stack.Outputs.Url} names resource Stack and attribute Outputs.Url. */
        private ArrayNode getAttArguments(String text) {
            int dot = text.indexOf('.');
            ArrayNode arguments = nodes.arrayNode();
            if (dot < 0) {
                return arguments.add(text);
            }
            return arguments.add(text.substring(0, dot)).add(text.substring(dot + 1));
        }

        private JsonNode scalar(ScalarNode scalar) {
            Tag tag = scalar.getTag();
            String text = scalar.getValue();
            if (Tag.NULL.equals(tag)) {
                return nodes.nullNode();
            }
            if (Tag.BOOL.equals(tag)) {
                return nodes.booleanNode(TRUE_WORDS.contains(text.toLowerCase(Locale.ROOT)));
            }
            if (Tag.INT.equals(tag) && DECIMAL_INTEGER.matcher(text).matches()) {
                return integer(new BigInteger(text));
            }
            if (Tag.FLOAT.equals(tag) && DECIMAL_FRACTION.matcher(text).matches()) {
                return nodes.numberNode(new BigDecimal(text));
            }
            return nodes.textNode(text);
        }

        private JsonNode integer(BigInteger value) {
            if (value.bitLength() < Integer.SIZE) {
                return nodes.numberNode(value.intValue());
            }
            if (value.bitLength() < Long.SIZE) {
                return nodes.numberNode(value.longValue());
            }
            return nodes.numberNode(value);
        }
    }
}
