package com.t3chat.chat.search;

import com.t3chat.platform.problem.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** PostgreSQL full-text search over the caller's own messages and chat titles, best matches first. */
@Service
class SearchService {

    static final String START = "\uE000";
    static final String STOP = "\uE001";
    private static final String HEADLINE = "StartSel=" + START + ", StopSel=" + STOP
            + ", MaxFragments=2, MaxWords=18, MinWords=6, FragmentDelimiter=\" … \"";

    private final DatabaseClient db;

    SearchService(DatabaseClient db) {
        this.db = db;
    }

    Mono<SearchPage> search(String ownerId, String query, int limit, String cursor) {
        int offset = decode(cursor);
        return db.sql("""
                        with q as (select websearch_to_tsquery('simple', :query) as query)
                        select * from (
                            select m.chat_id, c.title as chat_title, m.id as message_id, m.role,
                                   ts_headline('simple', m.content, q.query, :headline) as snippet,
                                   ts_rank(to_tsvector('simple', m.content), q.query) as rank, m.created_at
                            from message m join chat c on c.id = m.chat_id, q
                            where c.owner_id = :owner and m.status = 'complete'
                              and to_tsvector('simple', m.content) @@ q.query
                            union all
                            select c.id, c.title, null, null, ts_headline('simple', c.title, q.query, :headline),
                                   2 * ts_rank(to_tsvector('simple', c.title), q.query), c.created_at
                            from chat c, q
                            where c.owner_id = :owner and to_tsvector('simple', c.title) @@ q.query
                        ) hits
                        order by rank desc, created_at desc, message_id nulls first
                        offset :offset limit :limit""")
                .bind("query", query)
                .bind("headline", HEADLINE)
                .bind("owner", ownerId)
                .bind("offset", offset)
                .bind("limit", limit + 1)
                .map(row -> new SearchHit(row.get("chat_id", UUID.class), row.get("chat_title", String.class),
                        row.get("message_id", UUID.class), row.get("role", String.class),
                        segments(row.get("snippet", String.class))))
                .all()
                .collectList()
                .map(hits -> hits.size() > limit
                        ? new SearchPage(hits.subList(0, limit), encode(offset + limit))
                        : new SearchPage(hits, null));
    }

    static List<SearchHit.Segment> segments(String headline) {
        List<SearchHit.Segment> segments = new ArrayList<>();
        int at = 0;
        while (at < headline.length()) {
            int start = headline.indexOf(START, at);
            if (start < 0) {
                segments.add(new SearchHit.Segment(headline.substring(at), false));
                break;
            }
            if (start > at) {
                segments.add(new SearchHit.Segment(headline.substring(at, start), false));
            }
            int stop = headline.indexOf(STOP, start);
            int end = stop < 0 ? headline.length() : stop;
            segments.add(new SearchHit.Segment(headline.substring(start + 1, end), true));
            at = stop < 0 ? headline.length() : stop + 1;
        }
        return segments;
    }

    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int offset = Integer.parseInt(raw.substring(1));
            if (!raw.startsWith("o") || offset < 0) {
                throw new IllegalArgumentException(raw);
            }
            return offset;
        } catch (RuntimeException e) {
            throw ApiProblem.invalidField("cursor", "is not a cursor this API handed out");
        }
    }

    record SearchPage(List<SearchHit> items, String nextCursor) {
    }
}
