Console.WriteLine("AppHost: coming");
