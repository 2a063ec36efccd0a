package com.t3chat.platform.text;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.jackson.JsonNodeDeserializer;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies {@link TextRule} to every string Jackson reads into a {@code String} — record components, lists, map
 * values and keys, untyped values — by wrapping Jackson's own string deserializers, so coercions and defaults
 * stay Jackson's; and to every text value and field name of a {@code JsonNode}. A refused string fails with {@link UnacceptableTextException}, which the problem handler turns
 * into {@code 400 validation} naming the field.
 *
 * <p>Registered only for what a service <em>receives</em> over HTTP (see {@link TextRuleCodecs}): JSON the
 * services read from each other or from Kafka (model output, text extracted from files) keeps what it has.
 */
public class TextRuleModule extends SimpleModule {

    public TextRuleModule() {
        super("t3chat-text-rule");
        setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
                    BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
                return description.getBeanClass() == String.class ? new CheckedString(deserializer) : deserializer;
            }

            @Override
            public KeyDeserializer modifyKeyDeserializer(DeserializationConfig config, JavaType type,
                    KeyDeserializer deserializer) {
                return type.getRawClass() == String.class ? new CheckedKey(deserializer) : deserializer;
            }
        });
        // trees are not built through a modifiable deserializer: replace theirs, keeping Jackson's inside
        checkTrees(JsonNode.class, ObjectNode.class, ArrayNode.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void checkTrees(Class<?>... types) {
        for (Class type : types) {
            addDeserializer(type, (ValueDeserializer) new CheckedTree(JsonNodeDeserializer.getDeserializer(type)));
        }
    }

    static void check(JsonParser parser, Object value) {
        if (value instanceof String text) {
            TextRule.violation(text).ifPresent(message -> {
                throw new UnacceptableTextException(parser, message, "");
            });
        }
    }

    /** Every text value and field name of a tree ({@code JsonNode} bodies never pass through a String deserializer). */
    static void check(JsonParser parser, JsonNode node, String path) {
        if (node.isString()) {
            TextRule.violation(node.asString()).ifPresent(message -> {
                throw new UnacceptableTextException(parser, message, path);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(parser, node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (String name : node.propertyNames()) {
                String field = path.isEmpty() ? TextRule.printable(name) : path + "." + TextRule.printable(name);
                TextRule.violation(name).ifPresent(message -> {
                    throw new UnacceptableTextException(parser, "the name " + message, field);
                });
                check(parser, node.get(name), field);
            }
        }
    }

    private static final class CheckedString extends DelegatingDeserializer {

        CheckedString(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new CheckedString(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            Object value = super.deserialize(parser, context);
            check(parser, value);
            return value;
        }
    }

    private static final class CheckedTree extends DelegatingDeserializer {

        CheckedTree(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new CheckedTree(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            Object value = super.deserialize(parser, context);
            if (value instanceof JsonNode tree) {
                check(parser, tree, "");
            }
            return value;
        }
    }

    private static final class CheckedKey extends KeyDeserializer {

        private final KeyDeserializer delegate;

        CheckedKey(KeyDeserializer delegate) {
            this.delegate = delegate;
        }

        @Override
        public void resolve(DeserializationContext context) {
            delegate.resolve(context);
        }

        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            check(context.getParser(), key);
            return delegate.deserializeKey(key, context);
        }
    }
}
