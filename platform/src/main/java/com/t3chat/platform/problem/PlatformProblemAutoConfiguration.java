package com.t3chat.platform.problem;

import com.t3chat.platform.database.DatabaseFailures;
import org.springframework.beans.factory.ObjectProvider;
import io.netty.channel.ChannelPipeline;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/** Problem+json for every error of a reactive web service, including security's 401 and 403. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class PlatformProblemAutoConfiguration {

    @Bean
    ProblemWriter problemWriter() {
        return new ProblemWriter(JsonMapper.builder().build());
    }

    @Bean
    ProblemExceptionHandler problemExceptionHandler(ProblemWriter problemWriter,
            ObjectProvider<DatabaseFailures> databaseFailures) {
        return new ProblemExceptionHandler(problemWriter, databaseFailures.getIfAvailable());
    }

    /** The answers reactor-netty gives before Spring runs (bad request line, 414, 431) get a problem body too. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HttpServer.class)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class NettyRefusals {

        @Bean
        NettyServerCustomizer refusalProblemsCustomizer(ProblemWriter problemWriter) {
            var handler = new RefusalProblemHandler(problemWriter);
            return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
                ChannelPipeline pipeline = channel.pipeline();
                if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(RefusalProblemHandler.NAME) == null) {
                    pipeline.addAfter(NettyPipeline.HttpCodec, RefusalProblemHandler.NAME, handler);
                }
            });
        }
    }
}
