using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ExperimentHarness.Tests.Models.Hub;

/// <summary>How the hub answers one request for a file before it answers normally (each is bounded in time).</summary>
public enum Misbehaviour
{
    /// <summary>Sends half of the requested bytes, then drops the connection.</summary>
    DropHalfway,
    /// <summary>Accepts the request and never sends headers (gives up after <see cref="LoopbackHub.HangLimit"/>).</summary>
    NeverAnswer,
    /// <summary>Sends half of the requested bytes, then goes silent with the connection open.</summary>
    StallHalfway,
    /// <summary>Sends one byte every 5 s (at most three).</summary>
    Trickle,
    /// <summary>Announces 200 MiB in Content-Length and sends zeros until the client leaves.</summary>
    Oversized,
    /// <summary>A chunked body of zeros that never ends until the client leaves.</summary>
    Endless,
}

/// <summary>
/// A minimal Hugging Face-style file server on 127.0.0.1 for fetch tests: serves byte arrays at
/// /{repo}/resolve/{revision}/{path}, honours Range requests, answers redirects, and can misbehave on a file's
/// first requests (<see cref="Misbehaviour"/>). Requests are served concurrently; every misbehaviour ends
/// within <see cref="HangLimit"/> or when the hub is disposed.
/// </summary>
public sealed class LoopbackHub : IDisposable
{
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private readonly ConcurrentDictionary<string, string> _redirects = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Misbehaviour>> _misbehaviours = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackHub()
    {
        var port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public string Endpoint { get; }

    public List<string> RangeHeaders { get; } = [];

    /// <summary>The path of every request received, in order.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>The Authorization header of every request (null when absent), in order.</summary>
    public List<string?> Authorizations { get; } = [];

    public void Serve(string urlPath, byte[] content, bool dropFirstTransfer = false) =>
        Serve(urlPath, content, dropFirstTransfer ? [Misbehaviour.DropHalfway] : []);

    public void Serve(string urlPath, byte[] content, params Misbehaviour[] firstRequests)
    {
        _files[urlPath] = content;
        _misbehaviours[urlPath] = new ConcurrentQueue<Misbehaviour>(firstRequests);
    }

    /// <summary>Answers requests for <paramref name="urlPath"/> with a 302 to <paramref name="location"/> (any text, even another scheme).</summary>
    public void Redirect(string urlPath, string location) => _redirects[urlPath] = location;

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(() => Answer(context));
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        var response = context.Response;
        lock (Requests)
        {
            Requests.Add(path);
            Authorizations.Add(context.Request.Headers["Authorization"]);
        }
        try
        {
            if (_redirects.TryGetValue(path, out var location))
            {
                response.StatusCode = 302;
                response.Headers["Location"] = location;
                response.Close();
                return;
            }
            if (!_files.TryGetValue(path, out var content))
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }
            long start = 0;
            if (context.Request.Headers["Range"] is { } range)
            {
                lock (RangeHeaders) RangeHeaders.Add(range);
                start = long.Parse(range["bytes=".Length..].TrimEnd('-'));
                response.StatusCode = 206;
                response.Headers["Content-Range"] = $"bytes {start}-{content.Length - 1}/{content.Length}";
            }
            var rest = content.AsMemory((int)start);
            if (_misbehaviours[path].TryDequeue(out var misbehaviour)) await Misbehave(misbehaviour, response, rest);
            else
            {
                response.ContentLength64 = rest.Length;
                await response.OutputStream.WriteAsync(rest);
                response.Close();
            }
        }
        catch (Exception) { /* client went away */ }
    }

    private async Task Misbehave(Misbehaviour misbehaviour, HttpListenerResponse response, ReadOnlyMemory<byte> rest)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        limit.CancelAfter(HangLimit);
        try
        {
            switch (misbehaviour)
            {
                case Misbehaviour.NeverAnswer:
                    await Task.Delay(Timeout.Infinite, limit.Token);
                    break;
                case Misbehaviour.DropHalfway or Misbehaviour.StallHalfway:
                    response.ContentLength64 = rest.Length;
                    await response.OutputStream.WriteAsync(rest[..(rest.Length / 2)]);
                    await response.OutputStream.FlushAsync();
                    if (misbehaviour == Misbehaviour.StallHalfway) await Task.Delay(Timeout.Infinite, limit.Token);
                    break;
                case Misbehaviour.Trickle:
                    response.ContentLength64 = rest.Length;
                    for (var i = 0; i < 3 && i < rest.Length; i++)
                    {
                        await response.OutputStream.WriteAsync(rest.Slice(i, 1), limit.Token);
                        await response.OutputStream.FlushAsync(limit.Token);
                        await Task.Delay(TimeSpan.FromSeconds(5), limit.Token);
                    }
                    break;
                case Misbehaviour.Oversized or Misbehaviour.Endless:
                    if (misbehaviour == Misbehaviour.Oversized) response.ContentLength64 = 200L << 20;
                    else response.SendChunked = true;
                    var zeros = new byte[64 << 10];
                    while (true) await response.OutputStream.WriteAsync(zeros, limit.Token);
            }
        }
        finally
        {
            response.Abort();
        }
    }

    private static int FreePort()
    {
        var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        // Close alone: after Stop, managed HttpListener's Close binds the port again to remove its prefix, which fails with
        // "Address already in use" once a parallel test has taken the freed port.
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
