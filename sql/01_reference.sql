-- tecsmap : mise en place commune de la base, une fois, par l'administrateur (superutilisateur).
--   psql -v ON_ERROR_STOP=1 -d tecsmap -f sql/01_reference.sql
-- Crée : l'extension PostGIS ; le schéma `ref` (référentiels partagés en lecture seule : COG,
-- contours des communes) ; le rôle groupe `tecsmap_lecture_ref` qui peut les lire ; le rôle
-- `tecsmap_ref_admin` qui les charge ; la table public.layer_styles de QGIS, où chaque CAF ne
-- voit et n'écrit que les styles de ses propres schémas (sécurité au niveau des lignes).
-- Idempotent : peut être relancé.

\set ON_ERROR_STOP on
CREATE EXTENSION IF NOT EXISTS postgis;

-- Personne ne crée d'objets dans public ni de schémas sans qu'on le lui donne.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE CREATE ON DATABASE :"DBNAME" FROM PUBLIC;

DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tecsmap_lecture_ref') THEN
        CREATE ROLE tecsmap_lecture_ref NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tecsmap_ref_admin') THEN
        CREATE ROLE tecsmap_ref_admin NOLOGIN;
    END IF;
END $$;

CREATE SCHEMA IF NOT EXISTS ref AUTHORIZATION tecsmap_ref_admin;
COMMENT ON SCHEMA ref IS 'tecsmap : référentiels partagés (COG, contours des communes), lecture seule pour les CAF';
GRANT USAGE ON SCHEMA ref TO tecsmap_lecture_ref;
GRANT SELECT ON ALL TABLES IN SCHEMA ref TO tecsmap_lecture_ref;
-- Les tables que tecsmap_ref_admin chargera plus tard sont lisibles aussi.
ALTER DEFAULT PRIVILEGES FOR ROLE tecsmap_ref_admin IN SCHEMA ref
    GRANT SELECT ON TABLES TO tecsmap_lecture_ref;

-- La table de styles de QGIS, avec la définition de QGIS (QgsPostgresUtils::createStylesTable).
CREATE TABLE IF NOT EXISTS public.layer_styles (
    id SERIAL PRIMARY KEY,
    f_table_catalog varchar,
    f_table_schema varchar,
    f_table_name varchar,
    f_geometry_column varchar,
    stylename text,
    styleqml xml,
    stylesld xml,
    useasdefault boolean,
    description text,
    owner varchar(63) DEFAULT CURRENT_USER,
    ui xml,
    update_time timestamp DEFAULT CURRENT_TIMESTAMP,
    type varchar,
    r_raster_column varchar
);
GRANT SELECT, INSERT, UPDATE, DELETE ON public.layer_styles TO PUBLIC;
GRANT USAGE ON SEQUENCE public.layer_styles_id_seq TO PUBLIC;

-- Chaque rôle ne voit que les styles des schémas qu'il peut lire, et n'écrit que ceux des
-- schémas où il peut créer des tables : une CAF ne touche jamais aux styles d'une autre.
ALTER TABLE public.layer_styles ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tecsmap_styles_read ON public.layer_styles;
DROP POLICY IF EXISTS tecsmap_styles_write ON public.layer_styles;
CREATE POLICY tecsmap_styles_read ON public.layer_styles FOR SELECT USING (
    EXISTS (SELECT 1 FROM pg_namespace n
            WHERE n.nspname = f_table_schema AND has_schema_privilege(n.oid, 'USAGE')));
CREATE POLICY tecsmap_styles_write ON public.layer_styles FOR ALL USING (
    EXISTS (SELECT 1 FROM pg_namespace n
            WHERE n.nspname = f_table_schema AND has_schema_privilege(n.oid, 'CREATE')))
    WITH CHECK (
    EXISTS (SELECT 1 FROM pg_namespace n
            WHERE n.nspname = f_table_schema AND has_schema_privilege(n.oid, 'CREATE')));
