using System.Collections.Generic;
using System.Text.Json;
using OpenAgent.Core.Background;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tasks;
using OpenAgent.Core.Todos;
using Xunit;

namespace OpenAgent.Core.Tests.Events;

public sealed class AgentEventJsonTests
{
    private static readonly JsonElement Input = JsonElement.Parse("""{"command":"ls -la"}""");
    private static readonly AgentUsage Usage = new(120, 30);
    private static readonly IReadOnlyList<WorkspaceFile> Files = [new("a.txt", "sub/a.txt")];

    public static TheoryData<AgentEvent, string> WireExamples => new()
    {
        { new TextDeltaEvent("Hi"), """{"type":"text_delta","content":"Hi"}""" },
        { new ToolCallEvent("bash", Input), """{"type":"tool_call","tool":"bash","input":{"command":"ls -la"}}""" },
        { new ToolResultEvent("bash", "ok"), """{"type":"tool_result","tool":"bash","result":"ok"}""" },
        {
            new ToolApprovalRequestEvent([new ApprovalToolCall("bash", Input, "c1")]),
            """{"type":"tool_approval_request","tools":[{"name":"bash","input":{"command":"ls -la"},"id":"c1"}]}"""
        },
        { new ToolApprovalResultEvent("denied", ["bash"]), """{"type":"tool_approval_result","decision":"denied","tools":["bash"]}""" },
        { new SubagentStartEvent("0a1b2c3d", "Find tests", "explore"), """{"type":"subagent_start","subagent_id":"0a1b2c3d","task":"Find tests","agent_type":"explore"}""" },
        {
            new SubagentEndEvent("0a1b2c3d", "Found 3", 4, 1.5, "explore", Usage),
            """{"type":"subagent_end","subagent_id":"0a1b2c3d","summary":"Found 3","tool_count":4,"elapsed":1.5,"agent_type":"explore","usage":{"input_tokens":120,"output_tokens":30}}"""
        },
        {
            new TodoUpdateEvent([new TodoItem("Write tests", "in_progress", "Writing tests")]),
            """{"type":"todo_update","todos":[{"content":"Write tests","status":"in_progress","activeForm":"Writing tests"}]}"""
        },
        {
            new TaskUpdateEvent([new TaskRecord(2, "Ship", "", "pending", [1], [], "", "Shipping", new Dictionary<string, JsonElement>())]),
            """{"type":"task_update","tasks":[{"id":2,"subject":"Ship","description":"","status":"pending","blockedBy":[1],"blocks":[],"owner":"","activeForm":"Shipping","metadata":{}}]}"""
        },
        {
            new BackgroundResultEvent([new BackgroundNotification("deadbeef", "completed", "make", "built")]),
            """{"type":"background_result","notifications":[{"task_id":"deadbeef","status":"completed","command":"make","result":"built"}]}"""
        },
        { new TeammateStatusEvent("alice", "tester", "idle"), """{"type":"teammate_status","name":"alice","role":"tester","status":"idle"}""" },
        { new CompactEvent("compacted"), """{"type":"compact","message":"compacted"}""" },
        {
            new LlmRequestEvent(1, "m", "sys", JsonElement.Parse("[]"), JsonElement.Parse("[]"), 100, 0.5f, false, null, 0, 0),
            """{"type":"llm_request","seq":1,"model":"m","system":"sys","messages":[],"tools":[],"max_tokens":100,"temperature":0.5,"thinking_enabled":false,"thinking_effort":null,"message_count":0,"tool_count":0}"""
        },
        {
            new LlmResponseEvent(1, JsonElement.Parse("[]"), JsonElement.Parse("[]"), true, Usage),
            """{"type":"llm_response","seq":1,"content":[],"tool_calls":[],"done":true,"usage":{"input_tokens":120,"output_tokens":30}}"""
        },
        {
            new InterruptedEvent(Usage, Files),
            """{"type":"interrupted","usage":{"input_tokens":120,"output_tokens":30},"files":[{"name":"a.txt","path":"sub/a.txt"}]}"""
        },
        { new DoneEvent(Usage, []), """{"type":"done","usage":{"input_tokens":120,"output_tokens":30},"files":[]}""" },
        { new ErrorEvent("Cancelled"), """{"type":"error","message":"Cancelled"}""" },
        { new PlanModeChangedEvent(true), """{"type":"plan_mode_changed","enabled":true}""" },
        { new PlanReadyEvent("# Plan"), """{"type":"plan_ready","plan":"# Plan"}""" },
        { new PlanApprovedEvent(), """{"type":"plan_approved"}""" },
        { new PlanRejectedEvent("too big"), """{"type":"plan_rejected","feedback":"too big"}""" },
        { new TeamsChangedEvent(false), """{"type":"teams_changed","enabled":false}""" },
        { new ApprovalChangedEvent(true), """{"type":"approval_changed","enabled":true}""" },
    };

    [Theory]
    [MemberData(nameof(WireExamples))]
    public void Each_event_serialises_to_the_seed_wire_json(AgentEvent agentEvent, string expected)
    {
        Assert.Equal(expected, agentEvent.ToJson());
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(agentEvent.ToUtf8Json()));
        Assert.Equal(JsonElement.Parse(expected).GetProperty("type").GetString(), agentEvent.Type);
    }

    [Theory]
    [MemberData(nameof(WireExamples))]
    public void Each_event_reads_back_from_its_wire_json(AgentEvent agentEvent, string json)
    {
        var read = AgentEvent.FromJson(json);

        Assert.Equal(agentEvent.GetType(), read.GetType());
        Assert.Equal(json, read.ToJson());
    }

    [Fact]
    public void The_type_may_come_after_the_other_properties()
    {
        var read = AgentEvent.FromJson("""{"content":"x","type":"text_delta"}""");

        Assert.Equal(new TextDeltaEvent("x"), read);
    }

    [Theory]
    [InlineData("""{"type":"no_such_event"}""")]
    [InlineData("""{"content":"x"}""")]
    [InlineData("not json")]
    [InlineData("null")]
    public void Unknown_or_malformed_json_is_a_JsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => AgentEvent.FromJson(json));
    }
}
