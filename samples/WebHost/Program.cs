using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Samples.Shared;

var builder = WebApplication.CreateBuilder(args);

// The model comes from OpenAgent:Model (appsettings.json, OpenAgent__Model__* variables); with none, the offline demo model.
var model = builder.Services.AddSampleModels(builder.Configuration);
builder.Services.AddOpenAgent()
    .AddEntityFrameworkStore(builder.Configuration)   // conversations in openagent.db (SQLite) unless OpenAgent:Store says otherwise
    .AddWebApi();

var app = builder.Build();
HostLog.ModelChosen(app.Logger, model);
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapOpenAgent();
app.Run();

/// <summary>The web host's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
