package io.ferry.migration.schema;

import java.util.List;

/**
 * A schema and a corpus of changes to it, one or more of every kind of object a snapshot holds. Each change
 * applies to the base schema whatever other changes of the corpus were applied before it (in corpus order),
 * so any subset of them makes a valid schema.
 */
final class SchemaCorpus {

    /**
     * One change: its name, its statements, and the extension it needs (null for none): a change that needs
     * an extension the server lacks is left out.
     */
    record Entry(String name, String extension, List<String> sql) {

        static Entry of(String name, String... sql) {
            return new Entry(name, null, List.of(sql));
        }

        static Entry needing(String extension, String name, String... sql) {
            return new Entry(name, extension, List.of(sql));
        }
    }

    static final String BASE = """
            CREATE SCHEMA app;
            CREATE TYPE app.status AS ENUM ('new', 'active', 'archived');
            CREATE TYPE app.size AS ENUM ('s', 'm', 'l');
            CREATE DOMAIN app.score AS integer CHECK (VALUE >= 0);
            CREATE DOMAIN app.label AS text;
            CREATE TYPE app.point2 AS (x integer, y integer);
            CREATE TYPE app.pair AS (a text, b text);
            CREATE SEQUENCE app.order_seq;
            CREATE SEQUENCE app.unused_seq;
            CREATE FUNCTION app.add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT i + 1 $$;
            CREATE FUNCTION app.obsolete() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
            CREATE FUNCTION app.describe(i integer) RETURNS text LANGUAGE sql AS $$ SELECT i::text $$;
            CREATE FUNCTION app.stamp() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.updated_at := now();
                RETURN NEW;
            END $$;
            CREATE TABLE app.customers (
                id serial PRIMARY KEY,
                name text NOT NULL,
                email varchar(100),
                status app.status NOT NULL DEFAULT 'new',
                size app.size,
                score app.score,
                note text,
                updated_at timestamptz,
                extra integer
            );
            COMMENT ON TABLE app.customers IS 'people who order';
            CREATE INDEX customers_name_idx ON app.customers (name);
            CREATE TABLE app.orders (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                customer_id integer REFERENCES app.customers (id),
                amount numeric(10,2) NOT NULL DEFAULT 0,
                placed_at timestamptz DEFAULT now(),
                ref text,
                qty integer,
                tag app.label,
                CONSTRAINT orders_amount_check CHECK (amount >= 0)
            );
            CREATE INDEX orders_placed_at_idx ON app.orders (placed_at);
            CREATE TABLE app.items (
                order_id bigint,
                line integer,
                sku text,
                price numeric,
                updated_at timestamptz,
                PRIMARY KEY (order_id, line)
            );
            CREATE TABLE app.cache (k text PRIMARY KEY, v text);
            CREATE TABLE app.legacy (id integer);
            CREATE TABLE app.logs (id bigint, at date NOT NULL, msg text) PARTITION BY RANGE (at);
            CREATE TABLE app.logs_2024 PARTITION OF app.logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE VIEW app.active_customers AS SELECT id, name, email FROM app.customers WHERE status = 'active';
            CREATE VIEW app.customer_names AS SELECT name FROM app.active_customers;
            CREATE MATERIALIZED VIEW app.order_totals AS
                SELECT customer_id, sum(amount) AS total FROM app.orders GROUP BY customer_id;
            CREATE INDEX order_totals_customer_idx ON app.order_totals (customer_id);
            CREATE TRIGGER customers_stamp BEFORE UPDATE ON app.customers FOR EACH ROW EXECUTE FUNCTION app.stamp();
            CREATE TRIGGER items_stamp BEFORE UPDATE ON app.items FOR EACH ROW EXECUTE FUNCTION app.stamp();
            ALTER TABLE app.orders ENABLE ROW LEVEL SECURITY;
            CREATE POLICY orders_all ON app.orders USING (amount >= 0);
            CREATE POLICY cache_keyed ON app.cache USING (k <> '');
            """;

    /** A change of a column the views read takes them away first, as PostgreSQL requires. */
    private static final String DROP_VIEWS = "DROP VIEW IF EXISTS app.customer_names";
    private static final String ACTIVE_CUSTOMERS =
            "CREATE VIEW app.active_customers AS SELECT id, name, email FROM app.customers WHERE status = 'active'";
    private static final String CUSTOMER_NAMES = "CREATE VIEW app.customer_names AS SELECT name FROM app.active_customers";

    static final List<Entry> ENTRIES = List.of(
            // columns
            Entry.of("add a column", "ALTER TABLE app.customers ADD COLUMN phone text"),
            Entry.of("drop a column", "ALTER TABLE app.customers DROP COLUMN extra"),
            Entry.of("widen a column's type", "ALTER TABLE app.orders ALTER COLUMN qty TYPE bigint"),
            Entry.of("narrow a column a view reads", DROP_VIEWS, "DROP VIEW app.active_customers",
                    "ALTER TABLE app.customers ALTER COLUMN email TYPE varchar(50)", ACTIVE_CUSTOMERS, CUSTOMER_NAMES),
            Entry.of("change a type with a cast", "ALTER TABLE app.orders ALTER COLUMN ref TYPE integer USING ref::integer"),
            Entry.of("change a collation a view of a view reads", DROP_VIEWS, "DROP VIEW app.active_customers",
                    "ALTER TABLE app.customers ALTER COLUMN name TYPE text COLLATE \"C\"", ACTIVE_CUSTOMERS,
                    CUSTOMER_NAMES),
            Entry.of("set a default", "ALTER TABLE app.customers ALTER COLUMN note SET DEFAULT 'none'"),
            Entry.of("drop a default", "ALTER TABLE app.orders ALTER COLUMN placed_at DROP DEFAULT"),
            Entry.of("set not null", "ALTER TABLE app.items ALTER COLUMN sku SET NOT NULL"),
            Entry.of("drop not null", "ALTER TABLE app.customers ALTER COLUMN name DROP NOT NULL"),
            Entry.of("add an identity", "ALTER TABLE app.items ALTER COLUMN line ADD GENERATED BY DEFAULT AS IDENTITY"),
            Entry.of("drop an identity", "ALTER TABLE app.orders ALTER COLUMN id DROP IDENTITY"),
            Entry.of("add a generated column",
                    "ALTER TABLE app.orders ADD COLUMN doubled numeric GENERATED ALWAYS AS (amount * 2) STORED"),
            Entry.of("add a serial column", "ALTER TABLE app.orders ADD COLUMN num serial"),
            // constraints
            Entry.of("add a unique constraint", "ALTER TABLE app.cache ADD CONSTRAINT cache_v_key UNIQUE (v)"),
            Entry.of("add a check constraint", "ALTER TABLE app.items ADD CONSTRAINT items_price_check CHECK (price > 0)"),
            Entry.of("drop a check constraint", "ALTER TABLE app.orders DROP CONSTRAINT orders_amount_check"),
            Entry.of("add a foreign key", "ALTER TABLE app.items ADD CONSTRAINT items_order_fkey FOREIGN KEY (order_id)"
                    + " REFERENCES app.orders (id) ON DELETE CASCADE"),
            Entry.of("drop a foreign key", "ALTER TABLE app.orders DROP CONSTRAINT orders_customer_id_fkey"),
            Entry.of("make a primary key deferrable", "ALTER TABLE app.items DROP CONSTRAINT items_pkey",
                    "ALTER TABLE app.items ADD CONSTRAINT items_pkey PRIMARY KEY (order_id, line)"
                            + " DEFERRABLE INITIALLY DEFERRED"),
            Entry.of("add a table with an exclusion constraint",
                    "CREATE TABLE app.bookings (room integer, during tstzrange, EXCLUDE USING gist (during WITH &&))"),
            // indexes
            Entry.of("add an expression index", "CREATE INDEX customers_lower_email_idx ON app.customers (lower(email))"),
            Entry.of("add a partial index", "CREATE UNIQUE INDEX orders_ref_idx ON app.orders (ref) WHERE ref IS NOT NULL"),
            Entry.of("drop an index", "DROP INDEX app.orders_placed_at_idx"),
            Entry.of("change an index", "DROP INDEX app.customers_name_idx",
                    "CREATE INDEX customers_name_idx ON app.customers (name, email)"),
            Entry.of("index a partitioned table", "CREATE INDEX logs_at_idx ON app.logs (at)"),
            // sequences
            Entry.of("add a sequence", "CREATE SEQUENCE app.invoice_seq AS integer START WITH 1000 INCREMENT BY 10"),
            Entry.of("alter a sequence", "ALTER SEQUENCE app.order_seq INCREMENT BY 5 MAXVALUE 999999 CYCLE"),
            Entry.of("drop a sequence", "DROP SEQUENCE app.unused_seq"),
            // views
            Entry.of("add a view", "CREATE VIEW app.big_orders AS SELECT id, amount FROM app.orders WHERE amount > 100"),
            Entry.of("add a view with options", "CREATE VIEW app.safe_customers WITH (security_barrier = true) AS"
                    + " SELECT id, status FROM app.customers"),
            Entry.of("drop a view", "DROP VIEW app.customer_names"),
            Entry.of("change a view", "CREATE OR REPLACE VIEW app.active_customers AS"
                    + " SELECT id, name, email FROM app.customers WHERE status IN ('active', 'new')"),
            Entry.of("add a materialized view", "CREATE MATERIALIZED VIEW app.customer_counts AS"
                    + " SELECT status, count(*) AS n FROM app.customers GROUP BY status"),
            Entry.of("drop a materialized view", "DROP MATERIALIZED VIEW app.order_totals"),
            // routines and triggers
            Entry.of("add a function", "CREATE FUNCTION app.times_two(i integer) RETURNS integer LANGUAGE sql"
                    + " IMMUTABLE AS $$ SELECT i * 2 $$"),
            Entry.of("change a function's body", "CREATE OR REPLACE FUNCTION app.add_one(i integer) RETURNS integer"
                    + " LANGUAGE sql IMMUTABLE AS $$ SELECT i + 2 $$"),
            Entry.of("drop a function", "DROP FUNCTION app.obsolete()"),
            Entry.of("change a function's result type", "DROP FUNCTION app.describe(integer)",
                    "CREATE FUNCTION app.describe(i integer) RETURNS varchar LANGUAGE sql AS $$ SELECT i::varchar $$"),
            Entry.of("add a procedure", "CREATE PROCEDURE app.cleanup() LANGUAGE sql AS $$ DELETE FROM app.legacy $$"),
            Entry.of("add a trigger", "CREATE TRIGGER customers_after AFTER INSERT ON app.customers FOR EACH ROW"
                    + " WHEN (NEW.score > 10) EXECUTE FUNCTION app.stamp()"),
            Entry.of("drop a trigger", "DROP TRIGGER customers_stamp ON app.customers"),
            Entry.of("disable a trigger", "ALTER TABLE app.items DISABLE TRIGGER items_stamp"),
            // types
            Entry.of("add an enum value", "ALTER TYPE app.status ADD VALUE 'blocked' BEFORE 'archived'"),
            Entry.of("rename an enum value", "ALTER TYPE app.size RENAME VALUE 'm' TO 'medium'"),
            Entry.of("add a domain check", "ALTER DOMAIN app.score ADD CONSTRAINT score_max CHECK (VALUE < 1000)"),
            Entry.of("give a domain a default and not null", "ALTER DOMAIN app.label SET DEFAULT 'none'",
                    "ALTER DOMAIN app.label SET NOT NULL"),
            Entry.of("add a domain", "CREATE DOMAIN app.percent AS numeric(5,2) CHECK (VALUE <= 100)"),
            Entry.of("add a composite type attribute", "ALTER TYPE app.point2 ADD ATTRIBUTE z integer"),
            Entry.of("add a composite type", "CREATE TYPE app.money2 AS (amount numeric, currency char(3))"),
            Entry.of("drop a composite type", "DROP TYPE app.pair"),
            // row-level security
            Entry.of("enable and force row-level security", "ALTER TABLE app.customers ENABLE ROW LEVEL SECURITY",
                    "ALTER TABLE app.customers FORCE ROW LEVEL SECURITY"),
            Entry.of("add a policy", "CREATE POLICY customers_read ON app.customers AS RESTRICTIVE FOR SELECT TO PUBLIC"
                    + " USING (status <> 'archived')"),
            Entry.of("drop a policy", "DROP POLICY orders_all ON app.orders"),
            // comments
            Entry.of("comment on things", "COMMENT ON TABLE app.customers IS 'changed'",
                    "COMMENT ON COLUMN app.orders.ref IS 'external reference'",
                    "COMMENT ON INDEX app.customers_name_idx IS 'by name'",
                    "COMMENT ON VIEW app.active_customers IS 'the active ones'",
                    "COMMENT ON FUNCTION app.add_one(integer) IS 'adds one'",
                    "COMMENT ON TYPE app.status IS 'where a customer stands'",
                    "COMMENT ON SEQUENCE app.order_seq IS 'order numbers'",
                    "COMMENT ON CONSTRAINT cache_pkey ON app.cache IS 'one value per key'",
                    "COMMENT ON TRIGGER items_stamp ON app.items IS 'keeps updated_at'",
                    "COMMENT ON POLICY cache_keyed ON app.cache IS 'keyed rows'"),
            // tables and partitions
            Entry.of("add a partition", "CREATE TABLE app.logs_2025 PARTITION OF app.logs"
                    + " FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"),
            Entry.of("drop a partition", "DROP TABLE app.logs_2024"),
            Entry.of("add a table", "CREATE TABLE app.tags (id integer PRIMARY KEY, name text UNIQUE,"
                    + " parent integer REFERENCES app.tags (id))", "COMMENT ON COLUMN app.tags.name IS 'unique'"),
            Entry.of("drop a table", "DROP TABLE app.legacy"),
            Entry.of("add a table whose names need quotes", "CREATE TABLE app.\"Order Items\" (\"select\" integer"
                    + " PRIMARY KEY, \"a\"\"b\" text DEFAULT 'it''s', \"Total\" numeric CHECK (\"Total\" > 0))",
                    "CREATE INDEX \"Order Items by a\"\"b\" ON app.\"Order Items\" (\"a\"\"b\")",
                    "COMMENT ON TABLE app.\"Order Items\" IS 'quoted ''names'''"),
            Entry.of("make a table unlogged", "ALTER TABLE app.cache SET UNLOGGED"),
            Entry.of("add a schema with a table", "CREATE SCHEMA reporting",
                    "CREATE TABLE reporting.daily (day date PRIMARY KEY, orders integer NOT NULL DEFAULT 0)"),
            Entry.needing("citext", "add an extension and a column of its type", "CREATE EXTENSION citext WITH SCHEMA app",
                    "ALTER TABLE app.cache ADD COLUMN nick app.citext"));

    private SchemaCorpus() {
    }

}
