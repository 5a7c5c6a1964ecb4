-- Plan the statements of eventstorm_append once per connection rather than at every call.
-- With arrays for parameters, Postgres' plan cache kept choosing custom plans for them: a
-- profile under load showed every call planning its statements again, almost a fifth of the
-- database's CPU. The generic plans are the ones wanted anyway: primary-key lookups and
-- inserts from UNNEST.
ALTER FUNCTION eventstorm_append(TEXT[], BIGINT[], TEXT[], BIGINT[], UUID[], TEXT[], TEXT[],
                                 TEXT[], INTEGER[], BIGINT[], TEXT[], UUID[], TEXT[], BIGINT[],
                                 BIGINT[], BIGINT[])
    SET plan_cache_mode = force_generic_plan;
