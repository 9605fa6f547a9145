package io.jbuild.cli.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docker's --format templates: outputs as Go's text/template gives them for the same JSON data. */
class GoTemplateTest {

    private static final String DATA = "{'Id': 'abc', 'Name': '/web', 'Count': 3, 'Ratio': 1.5, 'Big': 1e21,"
            + " 'State': {'Status': 'running', 'Running': true, 'ExitCode': 0, 'Error': ''},"
            + " 'Config': {'Env': ['A=1', 'PATH=/bin'], 'Labels': {'b': 'two', 'a': 'one'}, 'Volumes': null,"
            + " 'Cmd': []},"
            + " 'NetworkSettings': {'Ports': {'80/tcp': [{'HostIp': '127.0.0.1', 'HostPort': '5000'}],"
            + " '443/tcp': null}}}";

    private static String run(String template) throws Exception {
        JsonNode data = new ObjectMapper().readTree(DATA.replace('\'', '"'));
        return GoTemplate.parse(template).execute(data);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "{{.State.Status}}|running",
        "{{.Id}} {{.Name}}|abc /web",
        "{{.Missing}}|<no value>",
        "{{.Missing.Deeper}}|<no value>",
        "{{.Config.Volumes}}|<nil>",
        "{{.Config.Labels}}|map[a:one b:two]",
        "{{.Config.Env}}|[A=1 PATH=/bin]",
        "{{.Config.Cmd}}|[]",
        "{{.State}}|map[Error: ExitCode:0 Running:true Status:running]",
        "{{.Count}} {{.Ratio}} {{.Big}}|3 1.5 1e+21",
        "{{json .Config.Env}}|[\"A=1\",\"PATH=/bin\"]",
        "{{json .Missing}}|null",
        "~{{.Config.Env | json}}~|[\"A=1\",\"PATH=/bin\"]",
        "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}|a=one;b=two;",
        "{{range .Config.Env}}<{{.}}>{{end}}|<A=1><PATH=/bin>",
        "{{range $i, $e := .Config.Env}}{{$i}}:{{$e}} {{end}}|~0:A=1 1:PATH=/bin ~",
        "{{range .Config.Cmd}}x{{else}}empty{{end}}|empty",
        "{{range .Missing}}x{{else}}none{{end}}|none",
        "{{if eq .State.Status \"running\"}}up{{else}}down{{end}}|up",
        "{{if .State.ExitCode}}failed{{else if .State.Running}}running{{else}}other{{end}}|running",
        "{{if and .State.Running (eq .Count 3)}}yes{{end}}|yes",
        "{{if not .State.Error}}no error{{end}}|no error",
        "{{with .NetworkSettings.Ports}}{{range $p, $b := .}}{{$p}}->{{if $b}}{{(index $b 0).HostPort}}{{end}} {{end}}{{end}}"
                + "|~443/tcp-> 80/tcp->5000 ~",
        "{{with .Missing}}x{{else}}no{{end}}|no",
        "{{$id := .Id}}{{range .Config.Env}}{{$id}}{{end}}|abcabc",
        "{{$}}|~~",
        "~{{.Name | upper}} {{lower \"AB\"}} {{title \"hello wide world\"}}~|/WEB ab Hello Wide World",
        "~{{printf \"%-6s|%5d|%q|%v|%05d\" \"ab\" 42 \"x\" .Config.Env 7}}~|~ab    |   42|\"x\"|[A=1 PATH=/bin]|00007~",
        "{{printf \"%s\"}} {{printf \"%d\" \"x\"}}|%!s(MISSING) %!d(string=x)",
        "x {{- .Count -}} y|x3y",
        "a{{/* a comment */}}b|ab",
        "{{len .Config.Env}} {{len .Config.Labels}} {{len .Name}}|2 2 4",
        "{{index .Config.Labels \"a\"}} {{index .Config.Env 1}} {{index .Config.Labels \"zz\"}}|one PATH=/bin <nil>",
        "{{join .Config.Env \",\"}}|A=1,PATH=/bin",
        "{{split \"a:b:c\" \":\"}} {{len (split \"a:b\" \":\")}}|[a b c] 2",
        "{{and 1 0}} {{or \"\" \"x\"}} {{not true}} {{and}}|0 x false ~~",
        "{{print \"a\" 1 2 \"b\"}}|a1 2b",
        "{{println \"a\" 1}}|~a 1\n~",
        "{{truncate .Id 2}} [{{pad \"x\" 1 2}}]|ab [ x  ]",
        "{{ne .Count 4}} {{lt 1 2}} {{ge \"b\" \"a\"}} {{eq .Count 1 2 3}}|true true true true",
        "{{\"a}}b\"}}|a}}b",
        "{{`raw\\n`}}|raw\\n",
    })
    void outputsAsGo(String template, String expected) throws Exception {
        if (template.startsWith("{{and 1 0}}")) {
            assertThatThrownBy(() -> run(template)).hasMessageContaining("wrong number of args for and");
            return;
        }
        if (template.equals("{{$}}")) {
            assertThat(run(template)).startsWith("map[Big:1e+21 Config:map[Cmd:[] Env:[A=1 PATH=/bin]");
            return;
        }
        assertThat(run(template)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "{{.State|template: :1:1: unclosed action",
        "~x\n  {{foo .A}}~|template: :2:5: function \"foo\" not defined",
        "{{end}}|template: :1:3: unexpected {{end}}",
        "{{if .A}}x|template: :1:11: unexpected EOF",
        "{{.Id.Deeper}}|template: :1:3: executing \"\" at <.Id.Deeper>: can't evaluate field Deeper in type string",
        "{{.Config.Volumes.X}}|template: :1:3: executing \"\" at <.Config.Volumes.X>: nil pointer evaluating interface {}.X",
        "{{.Id .Name}}|can't give argument to non-function .Id .Name",
        "{{index .Config.Env 5}}|error calling index: index out of range: 5",
        "{{$nope}}|undefined variable: $nope",
        "{{range .Id}}x{{end}}|range can't iterate over abc",
        "{{\"open}}|unclosed action",
        "{{define \"x\"}}{{end}}|{{define}} is not supported here",
        "{{(.Id}}|unclosed left paren",
        "{{if}}{{end}}|missing value for if",
    })
    void badTemplatesAndDataGetGoStyleErrors(String template, String message) {
        assertThatThrownBy(() -> run(template)).isInstanceOf(TemplateException.class).hasMessageContaining(message);
    }
}
