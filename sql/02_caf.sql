-- tecsmap : une CAF = un rôle de connexion qui n'écrit que dans son schéma, et un rôle groupe
-- de lecture de ce schéma (pour les postes QGIS de la CAF ou de ses partenaires).
-- Par l'administrateur (superutilisateur), une fois par CAF :
--   psql -v ON_ERROR_STOP=1 -d tecsmap -v caf=caf26 -v schema=drome_2022 -f sql/02_caf.sql
-- puis, pour donner un mot de passe (jamais dans un fichier versionné) :
--   psql -d tecsmap -c "\password caf26"
-- Variables : caf (rôle de connexion, minuscules), schema (schéma des résultats).
-- Idempotent : peut être relancé ; plusieurs schémas par CAF : relancer avec un autre schema.

\set ON_ERROR_STOP on
\if :{?caf}
\else
    \echo 'variable caf manquante : psql -v caf=caf26 -v schema=drome_2022 -f sql/02_caf.sql'
    \quit
\endif
\if :{?schema}
\else
    \echo 'variable schema manquante : psql -v caf=caf26 -v schema=drome_2022 -f sql/02_caf.sql'
    \quit
\endif
\set lecteurs :caf '_lecture'

SELECT format('CREATE ROLE %I LOGIN', :'caf')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'caf') \gexec
SELECT format('CREATE ROLE %I NOLOGIN', :'lecteurs')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'lecteurs') \gexec

-- Le rôle de la CAF possède son schéma (il y crée, remplace et supprime ses tables) et lit ref.
CREATE SCHEMA IF NOT EXISTS :"schema" AUTHORIZATION :"caf";
ALTER SCHEMA :"schema" OWNER TO :"caf";
GRANT tecsmap_lecture_ref TO :"caf";
GRANT CONNECT ON DATABASE :"DBNAME" TO :"caf";
-- Rien d'autre : pas de droit de créer des schémas, ni d'écrire dans public ou ref.
ALTER ROLE :"caf" SET search_path = :"schema", ref, public;

-- Le groupe de lecture : lit le schéma et ref, n'écrit nulle part.
GRANT USAGE ON SCHEMA :"schema" TO :"lecteurs";
GRANT SELECT ON ALL TABLES IN SCHEMA :"schema" TO :"lecteurs";
ALTER DEFAULT PRIVILEGES FOR ROLE :"caf" IN SCHEMA :"schema" GRANT SELECT ON TABLES TO :"lecteurs";
GRANT tecsmap_lecture_ref TO :"lecteurs";
