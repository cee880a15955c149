#include "postgis_fixture.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

namespace tecsmap::test::pg {

namespace {

std::map<std::string, std::string> read_state() {
    std::map<std::string, std::string> out;
    std::ifstream in(TECSMAP_PG_STATE);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("export ", 0) != 0)
            continue;
        const std::size_t eq = line.find('=');
        std::string value = line.substr(eq + 1);
        if (value.size() >= 2 && value.front() == '\'')
            value = value.substr(1, value.size() - 2);
        out[line.substr(7, eq - 7)] = value;
    }
    return out;
}

std::string run(const std::string& command) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    REQUIRE(p != nullptr);
    std::array<char, 4096> buf{};
    while (std::size_t n = fread(buf.data(), 1, buf.size(), p))
        out.append(buf.data(), n);
    const int status = pclose(p);
    INFO(command << "\n" << out);
    REQUIRE(status == 0);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    return out;
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

} // namespace

std::string state(const std::string& key) {
    static const std::map<std::string, std::string> values = read_state();
    const auto it = values.find(key);
    INFO("cluster PostGIS absent : lancez les tests par ctest (fixture postgis) — " << key);
    REQUIRE(it != values.end());
    return it->second;
}

std::string socket_uri(const std::string& schema, const std::string& user) {
    return "postgresql://" + user + "@/tecsmap?host=" + state("PGHOST") +
           "&port=" + state("PGPORT") + (schema.empty() ? "" : "&schema=" + schema);
}

std::string tcp_uri(const std::string& schema, const std::string& user) {
    return "postgresql://" + user + "@127.0.0.1:" + state("PGPORT") + "/tecsmap" +
           (schema.empty() ? "" : "?schema=" + schema);
}

std::string psql(const std::string& sql) {
    return run(state("TECSMAP_PG_BIN") + "/psql -X -q -tA -v ON_ERROR_STOP=1 -h " +
               state("PGHOST") + " -p " + state("PGPORT") + " -U postgres -d tecsmap -c " +
               shell_quote(sql) + " 2>&1");
}

void drop_schema(const std::string& schema) {
    psql("DROP SCHEMA IF EXISTS " + schema +
         " CASCADE; DO $$ BEGIN IF to_regclass("
         "'public.layer_styles') IS NOT NULL THEN DELETE FROM public.layer_styles WHERE "
         "f_table_schema = '" +
         schema + "'; END IF; END $$");
}

const std::string& drome_gpkg() {
    static const std::string path = [] {
        const std::string p = (std::filesystem::current_path() / "drome.gpkg").string();
        run(std::string(TECSMAP_CLI) + " analyse " + TECSMAP_SOURCE_DATA_DIR +
            "/drome.toml --out " + p + " --quiet >/dev/null 2>&1");
        return p;
    }();
    return path;
}

} // namespace tecsmap::test::pg
