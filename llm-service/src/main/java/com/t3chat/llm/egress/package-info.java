/**
 * Egress: the one way provider traffic leaves llm-service. Users may give their own base URL (an OpenAI-compatible
 * endpoint, an Ollama), which would let them make this server call itself, its network or the cloud's metadata
 * service (SSRF). So every langchain4j model gets its HTTP client from here:
 * {@code .httpClientBuilder(clients.builder())} with the {@link com.t3chat.llm.egress.SafeHttpClients} bean
 * {@value com.t3chat.llm.egress.SafeHttpClients#FOR_USER_URLS} (policy enforced) or
 * {@value com.t3chat.llm.egress.SafeHttpClients#FOR_OPERATOR_ENDPOINTS} (the operator's own providers).
 *
 * <ul>
 *   <li>{@link com.t3chat.llm.egress.EgressPolicy}: what may be reached; {@code check(url)} before saving a URL.</li>
 *   <li>{@code ConnectGuard}: the policy where Apache HttpClient resolves names and opens sockets.</li>
 *   <li>{@code SafeHttpClient}: langchain4j's client interface over it, streams on virtual threads.</li>
 *   <li>{@code Http2Transport}: the operator's https endpoints over HTTP/2 (the JDK client), many streams on one
 *   connection; everything else is Apache classic, HTTP/1.1 ({@code ClassicTransport}).</li>
 *   <li>{@link com.t3chat.llm.egress.EgressRefusedException}: a refusal, for a 400 problem.</li>
 * </ul>
 */
package com.t3chat.llm.egress;
