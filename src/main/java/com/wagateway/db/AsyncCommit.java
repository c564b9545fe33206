package com.wagateway.db;

import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.inline;

import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * Transactions whose commit does not wait for the disk ({@code synchronous_commit = off}), set
 * inside each transaction with {@code set_config(..., true)}: a session setting would stay on the
 * server connection, and behind a transaction pooler that connection then serves the API's commits,
 * which must wait (a 201 is only answered for a row that survives a crash of PostgreSQL).
 */
public final class AsyncCommit {
  private AsyncCommit() {}

  /** Runs {@code work} in one transaction of {@code db} whose commit does not wait for the disk. */
  public static <T> T run(DSLContext db, Function<DSLContext, T> work) {
    return db.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          t.select(
                  function(
                      "set_config",
                      String.class,
                      inline("synchronous_commit"),
                      inline("off"),
                      inline(true)))
              .fetch();
          return work.apply(t);
        });
  }
}
