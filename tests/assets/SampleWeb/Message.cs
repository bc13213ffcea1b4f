static class Message { public const string Text = "v1"; }
