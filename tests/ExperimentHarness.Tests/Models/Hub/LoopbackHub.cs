using System.Net;
using System.Net.Sockets;

namespace ExperimentHarness.Tests.Models.Hub;

/// <summary>
/// A minimal Hugging Face-style file server on 127.0.0.1 for fetch tests: serves byte arrays at
/// /{repo}/resolve/{revision}/{path}, honours Range requests, and can drop the connection halfway
/// through a file's first transfer.
/// </summary>
public sealed class LoopbackHub : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files = new();
    private readonly HashSet<string> _dropOnce = new();
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

    public void Serve(string urlPath, byte[] content, bool dropFirstTransfer = false)
    {
        _files[urlPath] = content;
        if (dropFirstTransfer) _dropOnce.Add(urlPath);
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            var path = context.Request.Url!.AbsolutePath;
            lock (Requests) Requests.Add(path);
            var response = context.Response;
            if (!_files.TryGetValue(path, out var content))
            {
                response.StatusCode = 404;
                response.Close();
                continue;
            }
            long start = 0;
            if (context.Request.Headers["Range"] is { } range)
            {
                lock (RangeHeaders) RangeHeaders.Add(range);
                start = long.Parse(range["bytes=".Length..].TrimEnd('-'));
                response.StatusCode = 206;
                response.Headers["Content-Range"] = $"bytes {start}-{content.Length - 1}/{content.Length}";
            }
            response.ContentLength64 = content.Length - start;
            try
            {
                if (_dropOnce.Remove(path))
                {
                    await response.OutputStream.WriteAsync(content.AsMemory((int)start, (content.Length - (int)start) / 2));
                    await response.OutputStream.FlushAsync();
                    response.Abort();           // the connection drops mid-body
                    continue;
                }
                await response.OutputStream.WriteAsync(content.AsMemory((int)start));
                response.Close();
            }
            catch (Exception) { /* client went away */ }
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
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
