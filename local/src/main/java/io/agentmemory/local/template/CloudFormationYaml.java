package io.agentmemory.local.template;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.List;
import java.util.Map;

/**
 * Reads a CloudFormation/SAM template. The short-form tags ({@code !Ref}, {@code !If}, {@code !Sub}, ...) are not
 * YAML types, so a plain YAML loader rejects them; here each becomes the long form CloudFormation defines
 * ({@code {"Ref": x}}, {@code {"Fn::If": [...]}}), the shape {@link Intrinsics} evaluates.
 */
public final class CloudFormationYaml {

    private CloudFormationYaml() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String yaml) {
        Object document = new Yaml(new IntrinsicTagConstructor()).load(yaml);
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a template is a YAML mapping at its top level");
        }
        return (Map<String, Object>) map;
    }

    private static final class IntrinsicTagConstructor extends SafeConstructor {

        IntrinsicTagConstructor() {
            super(new LoaderOptions());
            // A multi-constructor keyed "!" receives every local tag: !Ref, !GetAtt, !If, !Sub, ...
            yamlMultiConstructors.put("!", new ConstructIntrinsic());
        }

        private final class ConstructIntrinsic extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                String name = node.getTag().getValue().substring(1);
                Object value = switch (node) {
                    case ScalarNode scalar -> constructScalar(scalar);
                    case SequenceNode sequence -> constructSequence(sequence);
                    case MappingNode mapping -> constructMapping(mapping);
                    default -> throw new IllegalArgumentException("unexpected YAML node for !" + name);
                };
                if (name.equals("GetAtt") && value instanceof String dotted) {
                    // !GetAtt Resource.Attribute is the short form of [Resource, Attribute].
                    value = List.of(dotted.split("\\.", 2));
                }
                String key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
                return Map.of(key, value);
            }
        }
    }
}
