package com.t3chat.llm.generation;

import com.t3chat.contracts.chat.PromptMessage;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.llm.model.Capability;
import com.t3chat.llm.model.CatalogModel;
import com.t3chat.llm.model.ModelAccess;
import com.t3chat.llm.model.ModelCatalog;
import com.t3chat.llm.model.ModelProperties;
import com.t3chat.llm.model.OfflineDemoModel;
import com.t3chat.llm.provider.ChatModels;
import com.t3chat.llm.provider.Credentials;
import com.t3chat.llm.provider.ProviderBreakers;
import com.t3chat.llm.usage.Budgets;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Prepares a model to write a reply, before any provider is called: whose key answers (the user's own, else the
 * system key where allowed), whether the operator's limits allow a system-key reply now, the prompt — the user's
 * custom instructions first, then the conversation trimmed to the model's window, with images as image parts for
 * vision models — and the langchain4j model for those credentials.
 */
@Component
class ModelCalls {

    static final String INSTRUCTIONS_PREFIX = "The user has asked you to follow these instructions in every reply:\n";
    static final String IMAGE_NOT_SEEN = "[An image was attached here, but this model cannot see images.]";

    private final ModelCatalog catalog;
    private final ModelAccess access;
    private final Budgets budgets;
    private final ChatModels chatModels;
    private final ProviderBreakers breakers;
    private final OfflineDemoModel offline;

    ModelCalls(ModelCatalog catalog, ModelAccess access, Budgets budgets, ChatModels chatModels,
            ProviderBreakers breakers, ModelProperties models) {
        this.catalog = catalog;
        this.access = access;
        this.budgets = budgets;
        this.chatModels = chatModels;
        this.breakers = breakers;
        this.offline = new OfflineDemoModel(models.offline(), Schedulers.parallel());
    }

    /**
     * A model ready to call, or why the reply cannot be written (then nothing was asked of a provider).
     *
     * @param keySource {@code own}, {@code system} or {@code none} (offline, or refused): what the usage ledger
     *                  charges
     */
    record Prepared(ModelCall call, String refusal, String keySource) {

        static Prepared refused(String reason, String keySource) {
            return new Prepared(null, reason, keySource);
        }

        static Prepared nothingToAnswer() {
            return refused("There is no message to answer.", "none");
        }
    }

    /**
     * Prepares the call without blocking: whose key answers, the operator's limits, the user's instructions and the
     * branch are all looked up at once (one round trip's wait, not four), then the prompt is made from them. The
     * limits are read before it is known whether the system's key answers: a reply on the user's own key ignores
     * them (one wasted read for those, one round trip less for everyone else).
     *
     * @param instructions the user's custom instructions (empty if they have none)
     * @param conversation the branch the reply answers, oldest first (legacy requests: their history)
     */
    Mono<Prepared> prepare(ReplyRequested request, CatalogModel model, Mono<Optional<String>> instructions,
            Mono<List<PromptMessage>> conversation) {
        if (model.offline()) {
            return Mono.zip(instructions, conversation).map(both -> prompt(model, both.getT1().orElse(null),
                            both.getT2())
                    .map(chatRequest -> new Prepared(new ModelCall(model, null, offline, chatRequest.request(), null,
                            chatRequest.tokens()), null, "none"))
                    .orElseGet(Prepared::nothingToAnswer));
        }
        Mono<Optional<Budgets.LimitExceededException>> limits = budgets.admit(request.ownerId())
                .then(Mono.just(Optional.<Budgets.LimitExceededException>empty()))
                .onErrorResume(Budgets.LimitExceededException.class, exceeded -> Mono.just(Optional.of(exceeded)));
        Mono<Credentials> key = Mono.zip(access.credentials(request.ownerId(), model), limits)
                .flatMap(both -> both.getT1().source() == Credentials.KeySource.SYSTEM && both.getT2().isPresent()
                        ? Mono.error(both.getT2().get()) : Mono.just(both.getT1()));
        return Mono.zip(key, instructions, conversation)
                .map(all -> {
                    Credentials credentials = all.getT1();
                    return prompt(model, all.getT2().orElse(null), all.getT3()).map(prompt -> {
                        StreamingChatModel chatModel = chatModels.streaming(credentials, model.modelName(),
                                model.maxOutputTokens(), model.can(Capability.REASONING));
                        return new Prepared(new ModelCall(model, credentials, chatModel, prompt.request(),
                                breakers.breakerFor(credentials, request.ownerId()), prompt.tokens()), null,
                                credentials.source().id());
                    }).orElseGet(Prepared::nothingToAnswer);
                })
                .onErrorResume(e -> e instanceof ModelAccess.MissingKeyException
                                || e instanceof Budgets.LimitExceededException,
                        e -> Mono.just(Prepared.refused(e.getMessage(), "none")));
    }

    /** The request to the model and its prompt's estimated tokens; empty when there is nothing to answer. */
    private Optional<Prompt> prompt(CatalogModel model, String instructions, List<PromptMessage> conversation) {
        List<PromptMessage> prompt = PromptTrimmer.trim(withInstructions(conversation, instructions),
                model.maxInputTokens());
        List<ChatMessage> messages = toChatMessages(prompt, model.can(Capability.VISION));
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Prompt(ChatRequest.builder().messages(messages)
                .maxOutputTokens(model.maxOutputTokens()).build(), PromptTrimmer.cost(prompt)));
    }

    private record Prompt(ChatRequest request, long tokens) {
    }

    /**
     * The fallback for a reply whose model failed before its first token, if it can answer: the chat's fallback
     * model if it names one, else the operator's.
     *
     * @param conversation the branch for a model (given it: its input budget bounds the walk)
     */
    Mono<Optional<ModelCall>> fallback(ReplyRequested request, String instructions, String failedModelId,
            Function<CatalogModel, Mono<List<PromptMessage>>> conversation) {
        Mono<Optional<CatalogModel>> chosen = request.fallbackModel() == null || request.fallbackModel().isBlank()
                ? Mono.just(catalog.fallbackModel())
                : access.find(request.ownerId(), request.fallbackModel());
        return chosen
                .flatMap(found -> found.filter(model -> !model.id().equals(failedModelId))
                        .map(model -> prepare(request, model, Mono.just(Optional.ofNullable(instructions)), conversation.apply(model))
                                .map(prepared -> Optional.ofNullable(prepared.call())))
                        .orElse(Mono.just(Optional.empty())));
    }

    /**
     * The conversation with the user's custom instructions as a system message before everything else (the chat's
     * own system prompt included); unchanged if they have none. The trimmer keeps leading system messages whole.
     */
    static List<PromptMessage> withInstructions(List<PromptMessage> history, String instructions) {
        if (instructions == null || instructions.isBlank()) {
            return history == null ? List.of() : history;
        }
        List<PromptMessage> prompt = new ArrayList<>();
        prompt.add(new PromptMessage(PromptMessage.SYSTEM, INSTRUCTIONS_PREFIX + instructions.strip()));
        if (history != null) {
            prompt.addAll(history);
        }
        return prompt;
    }

    static List<ChatMessage> toChatMessages(List<PromptMessage> prompt, boolean vision) {
        List<ChatMessage> messages = new ArrayList<>();
        for (PromptMessage message : prompt) {
            boolean hasText = message.content() != null && !message.content().isBlank();
            if (!hasText && message.images().isEmpty()) {
                continue;
            }
            String role = message.role() == null ? "" : message.role();
            switch (role) {
                case PromptMessage.SYSTEM -> messages.add(SystemMessage.from(message.content()));
                case PromptMessage.ASSISTANT -> messages.add(AiMessage.from(message.content()));
                default -> messages.add(userMessage(message, hasText, vision));
            }
        }
        return messages;
    }

    private static UserMessage userMessage(PromptMessage message, boolean hasText, boolean vision) {
        if (message.images().isEmpty()) {
            return UserMessage.from(message.content());
        }
        List<Content> parts = new ArrayList<>();
        if (hasText) {
            parts.add(TextContent.from(message.content()));
        }
        for (PromptMessage.Image image : message.images()) {
            parts.add(vision ? ImageContent.from(image.data(), image.mediaType()) : TextContent.from(IMAGE_NOT_SEEN));
        }
        return UserMessage.from(parts);
    }
}
